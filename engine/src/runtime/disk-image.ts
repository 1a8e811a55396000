import path from "node:path";

/**
 * Decisions about a disk's backing: one sparse file per disk holding an ext4 file system of exactly
 * the disk's size, attached to a loop device and mounted by the engine; the disk's Docker volume binds a
 * directory of that file system. Pure; `loop-ext4-disk-backing.ts` runs the commands.
 */

/** **[decided]** A disk's GB are GiB, as cloud disks count them (and as the group's memory does). */
export function diskImageBytes(sizeGB: number): number {
  return sizeGB * 1024 ** 3;
}

export interface DiskPaths {
  /** The sparse file holding the file system. */
  image: string;
  /** Where the engine mounts it. */
  mountPoint: string;
  /**
   * What the Docker volume binds: a directory inside the file system, so that while it is not mounted
   * the volume's source does not exist, and a container fails to start rather than write to the host.
   */
  data: string;
}

export function diskPaths(root: string, diskId: string): DiskPaths {
  const mountPoint = path.join(root, diskId);
  return { image: `${mountPoint}.img`, mountPoint, data: path.join(mountPoint, "data") };
}

/** The Docker local driver's options for the disk's volume: a bind of its data directory. */
export function volumeOptions(paths: DiskPaths): Record<string, string> {
  return { type: "none", o: "bind", device: paths.data };
}

/**
 * `mkfs.ext4` on the image file: no blocks reserved for root (the disk is all the user's), inode tables
 * and journal not written out (the sparse file reads as zeros; mke2fs discards the file's blocks
 * first, so a 20 GiB file system costs about 4 MiB of the host's disk, 5000 GiB about 70 MiB).
 */
export function mkfsArgs(image: string): string[] {
  return ["-q", "-F", "-m", "0", "-E", "lazy_itable_init=1,lazy_journal_init=1", image];
}

/** The devices in `losetup -j <file>`'s answer (`/dev/loop3: [65024]:2638812 (/path/to/file)` per line). */
export function loopDevicesOf(losetupOutput: string): string[] {
  return losetupOutput
    .split("\n")
    .map((line) => /^(\/dev\/loop\d+):/.exec(line)?.[1])
    .filter((d): d is string => d !== undefined);
}

/** Whether `dir` is a mount point in `/proc/self/mountinfo` (field 5; spaces and the like are octal escapes). */
export function isMountPoint(mountinfo: string, dir: string): boolean {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
  return mountinfo.split("\n").some((line) => unescape(line.split(" ")[4] ?? "") === dir);
}

/** CAP_SYS_RESOURCE: the kernel asks for it to grow a mounted ext4 file system (EXT4_IOC_RESIZE_FS). */
export const CAP_SYS_RESOURCE = 24;

/** Whether the process has a capability, from its `/proc/self/status` (`CapEff`, hexadecimal). */
export function hasCapability(procStatus: string, capability: number): boolean {
  const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(procStatus)?.[1];
  return hex !== undefined && ((BigInt(`0x${hex}`) >> BigInt(capability)) & 1n) === 1n;
}

/**
 * How a disk grows: online (the file system stays mounted, in containers too) when the engine may
 * resize a mounted ext4; otherwise offline, unmounted and checked first, which only a disk no group
 * holds allows: growing a held one is refused ("busy") rather than deferred, so `sizeGB` never says
 * more than the containers see.
 */
export function growMode(input: { canResizeMounted: boolean; inUse: boolean }): "online" | "offline" | "busy" {
  if (input.canResizeMounted) return "online";
  return input.inUse ? "busy" : "offline";
}

/**
 * What makes an existing disk usable after a restart of the engine or of the host: the loop device
 * still attached to its image (a container may hold its file system mounted) is used again, never a
 * second one (two mounts of one image through two devices would corrupt it); a new one otherwise.
 */
export function restoreSteps(state: { loopDevices: string[]; mounted: boolean }): { attach: boolean; device?: string; mount: boolean } {
  const device = state.loopDevices[0];
  return { attach: device === undefined, device, mount: !state.mounted };
}
