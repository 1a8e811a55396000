import { execFile } from "node:child_process";
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Logger } from "../logger";
import { DiskBackingError, type DiskBacking } from "./disk-backing";
import { CAP_SYS_RESOURCE, type DiskPaths, diskImageBytes, diskPaths, growMode, hasCapability, isMountPoint, loopDevicesOf, mkfsArgs, restoreSteps, volumeOptions } from "./disk-image";

const TOOLS = ["mkfs.ext4", "losetup", "mount", "umount", "resize2fs", "e2fsck"] as const;
type Tool = (typeof TOOLS)[number];

/**
 * Disks as ext4 file systems in sparse image files (`<root>/<diskId>.img`), each attached to a loop
 * device and mounted by the engine at `<root>/<diskId>`; the disk's Docker volume binds `data/` in it.
 * The file system's size is the disk's, so writing past it fails with ENOSPC in the container. Needs
 * root with CAP_SYS_ADMIN and loop devices; growing a mounted disk also needs CAP_SYS_RESOURCE.
 */
export class LoopExt4DiskBacking implements DiskBacking {
  private tools: Record<Tool, string> | undefined;
  private unavailable: string | undefined;
  private readonly canResizeMounted: boolean;

  constructor(
    private readonly root: string,
    private readonly logger: Logger,
  ) {
    let status = "";
    try {
      status = readFileSync("/proc/self/status", "utf8");
    } catch {
      // Not Linux: no disk can be made here anyway (see ensureAvailable).
    }
    this.canResizeMounted = hasCapability(status, CAP_SYS_RESOURCE);
  }

  async create(diskId: string, sizeGB: number): Promise<Record<string, string>> {
    await this.ensureAvailable();
    const paths = diskPaths(this.root, diskId);
    try {
      mkdirSync(this.root, { recursive: true });
      closeSync(openSync(paths.image, "wx"));
      truncateSync(paths.image, diskImageBytes(sizeGB));
      await this.run("mkfs.ext4", mkfsArgs(paths.image));
      const device = await this.attach(paths.image);
      await this.mount(device, paths.mountPoint);
      mkdirSync(paths.data, { mode: 0o755 });
    } catch (err) {
      await this.remove(diskId).catch((cleanup) => this.logger.warn({ diskId, err: (cleanup as Error).message }, "Failed to clean up a disk that could not be made"));
      throw err;
    }
    return volumeOptions(paths);
  }

  async grow(diskId: string, sizeGB: number, inUse: boolean): Promise<void> {
    const paths = diskPaths(this.root, diskId);
    if (!existsSync(paths.image)) return; // a plain volume: its size is recorded only
    await this.ensureAvailable();
    const mode = growMode({ canResizeMounted: this.canResizeMounted, inUse });
    if (mode === "busy") throw busy(diskId);
    const device = (await this.devicesOf(paths.image))[0] ?? (await this.attach(paths.image));
    if (statSync(paths.image).size < diskImageBytes(sizeGB)) truncateSync(paths.image, diskImageBytes(sizeGB));
    await this.run("losetup", ["-c", device]);
    if (mode === "online") {
      await this.run("resize2fs", [device]);
      return;
    }
    if (this.mounted(paths.mountPoint)) await this.run("umount", [paths.mountPoint]);
    try {
      // e2fsck opens the device exclusively: it refuses one still mounted anywhere (a container that started meanwhile).
      await this.run("e2fsck", ["-f", "-p", device], [0, 1]);
    } catch (err) {
      await this.mount(device, paths.mountPoint);
      if (/in use|mounted/i.test((err as Error).message)) throw busy(diskId);
      throw err;
    }
    try {
      await this.run("resize2fs", [device]);
    } finally {
      await this.mount(device, paths.mountPoint);
    }
  }

  async remove(diskId: string): Promise<void> {
    const paths = diskPaths(this.root, diskId);
    await this.unmount(paths);
    if (existsSync(paths.image)) for (const device of await this.devicesOf(paths.image)) await this.run("losetup", ["-d", device]);
    rmSync(paths.image, { force: true });
    try {
      rmdirSync(paths.mountPoint);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }

  async restore(diskId: string): Promise<Record<string, string> | undefined> {
    const paths = diskPaths(this.root, diskId);
    if (!existsSync(paths.image)) return undefined;
    await this.ensureAvailable();
    const steps = restoreSteps({ loopDevices: await this.devicesOf(paths.image), mounted: this.mounted(paths.mountPoint) });
    const device = steps.device ?? (await this.attach(paths.image));
    if (steps.mount) await this.mount(device, paths.mountPoint);
    return volumeOptions(paths);
  }

  list(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root)
      .filter((name) => name.endsWith(".img"))
      .map((name) => name.slice(0, -".img".length));
  }

  async release(diskId: string): Promise<void> {
    const paths = diskPaths(this.root, diskId);
    if (!existsSync(paths.image) || this.unavailable) return;
    await this.unmount(paths);
    // A device whose file system a container still has mounted is detached when that container ends.
    for (const device of await this.devicesOf(paths.image)) await this.run("losetup", ["-d", device]);
  }

  private async ensureAvailable(): Promise<void> {
    if (!this.tools && !this.unavailable) {
      try {
        this.tools = findTools();
        if (process.getuid?.() !== 0) throw new Error("the engine does not run as root");
        await this.run("losetup", ["-f"]);
      } catch (err) {
        this.unavailable = (err as Error).message;
      }
    }
    if (this.unavailable) {
      throw new DiskBackingError("unavailable", `Disks cannot be made on this host: a disk's size is enforced with an ext4 image on a loop device, and ${this.unavailable}`);
    }
  }

  private async attach(image: string): Promise<string> {
    return (await this.run("losetup", ["--find", "--show", image])).trim();
  }

  private async devicesOf(image: string): Promise<string[]> {
    return loopDevicesOf(await this.run("losetup", ["-j", image]));
  }

  private async mount(device: string, mountPoint: string): Promise<void> {
    mkdirSync(mountPoint, { recursive: true });
    await this.run("mount", ["-t", "ext4", device, mountPoint]);
  }

  private async unmount(paths: DiskPaths): Promise<void> {
    if (!this.mounted(paths.mountPoint)) return;
    try {
      await this.run("umount", [paths.mountPoint]);
    } catch {
      // Busy in the engine's own namespace (a subPath bind being set up): detached once that ends.
      await this.run("umount", ["-l", paths.mountPoint]);
    }
  }

  private mounted(mountPoint: string): boolean {
    return isMountPoint(readFileSync("/proc/self/mountinfo", "utf8"), mountPoint);
  }

  private async run(tool: Tool, args: string[], okCodes = [0]): Promise<string> {
    const file = this.tools?.[tool] ?? tool;
    try {
      const { stdout } = await promisify(execFile)(file, args, { timeout: 120_000 });
      return stdout;
    } catch (err) {
      const e = err as { code?: unknown; stdout?: string; stderr?: string; message: string };
      if (typeof e.code === "number" && okCodes.includes(e.code)) return e.stdout ?? "";
      const output = [e.stderr, e.stdout].map((o) => (o ?? "").trim()).filter(Boolean).join("; ");
      throw new Error(`${tool} ${args.join(" ")} failed: ${output || e.message}`);
    }
  }
}

function busy(diskId: string): DiskBackingError {
  return new DiskBackingError(
    "busy",
    `Disk ${diskId} cannot grow while a group holds it: this host does not let the engine grow a mounted file system (it lacks CAP_SYS_RESOURCE); remove the disk from its group, grow it, then mount it again`,
  );
}

/** Where each tool is: the system directories first, since an engine started by a user may lack /usr/sbin in its PATH. */
function findTools(): Record<Tool, string> {
  const dirs = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean)];
  const found = {} as Record<Tool, string>;
  for (const tool of TOOLS) {
    const file = dirs.map((d) => path.join(d, tool)).find((f) => {
      try {
        accessSync(f, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (!file) throw new Error(`${tool} is not installed (Debian: e2fsprogs, mount, util-linux)`);
    found[tool] = file;
  }
  return found;
}
