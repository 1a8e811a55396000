import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ContainerGroupSpec, ContainerSpec, Volume } from "@eci/sdk";
import type { ContainerRuntime, Mount } from "../runtime/container-runtime";
import { specHash } from "../runtime/labels";
import { diskVolumeName } from "../runtime/object-names";
import type { ConfigBasis } from "../store/store";

/** Where the engine keeps a group's config-file volumes. */
function groupDir(dataDir: string, groupId: string): string {
  return path.join(dataDir, "volumes", groupId);
}

/**
 * A volume as the group's containers were created with it: a claimed group's config files whose content
 * the claim changed are, to the containers, still the pooled group's (`ConfigBasis`).
 */
export function asCreated(volume: Volume, basis: ConfigBasis | undefined): Volume {
  const base = basis?.[volume.name];
  return base && volume.configFile && specHash(volume.configFile) === base.claimed ? { ...volume, configFile: base.original } : volume;
}

/**
 * A config-file volume's directory, named after its content as created: an edit makes a new directory,
 * never rewrites one in use, except the in-place rewrite of a claim (`ConfigBasis`).
 */
function configDir(dataDir: string, groupId: string, volume: Volume, basis: ConfigBasis | undefined): string {
  return path.join(groupDir(dataDir, groupId), `${volume.name}-${specHash(asCreated(volume, basis).configFile)}`);
}

/** The definitions of the volumes a container mounts, as created: part of its spec hash, so editing one re-creates the containers that mount it. */
export function mountedVolumes(group: ContainerGroupSpec, spec: ContainerSpec, basis?: ConfigBasis): Volume[] {
  return spec.volumeMounts
    .map((m) => group.volumes.find((v) => v.name === m.volume))
    .filter((v): v is Volume => v !== undefined)
    .map((v) => asCreated(v, basis));
}

/**
 * Writes the group's config-file volumes (each into a directory written aside and renamed into place)
 * and removes those of earlier specs. Runs after stale containers are removed, so no container still
 * mounts a directory it removes. A claim's files (`ConfigBasis`) are rewritten in place instead, in
 * the directory the running containers mount.
 */
export function prepareConfigVolumes(dataDir: string, groupId: string, group: ContainerGroupSpec, basis?: ConfigBasis): void {
  const configs = group.volumes.filter((v) => v.configFile);
  const dir = groupDir(dataDir, groupId);
  if (configs.length === 0 && !existsSync(dir)) return;
  mkdirSync(dir, { recursive: true });
  const wanted = new Set(configs.map((v) => path.basename(configDir(dataDir, groupId, v, basis))));
  for (const entry of readdirSync(dir)) if (!wanted.has(entry)) rmSync(path.join(dir, entry), { recursive: true, force: true });
  for (const volume of configs) {
    const target = configDir(dataDir, groupId, volume, basis);
    if (existsSync(target) && asCreated(volume, basis) !== volume) {
      rewriteInPlace(target, volume.configFile?.files ?? []);
      continue;
    }
    if (existsSync(target)) continue;
    const staging = `${target}.writing`;
    rmSync(staging, { recursive: true, force: true });
    for (const file of volume.configFile?.files ?? []) {
      const to = path.join(staging, file.path);
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, file.content, { mode: 0o644 });
    }
    renameSync(staging, target);
  }
}

/**
 * Makes a directory hold exactly these files, writing changed ones over the old (same inode, so a
 * container that binds one file sees the new content too) and removing the others.
 */
function rewriteInPlace(dir: string, files: Array<{ path: string; content: string }>): void {
  const wanted = new Map(files.map((f) => [path.join(dir, f.path), f.content]));
  for (const [to, content] of wanted) {
    if (existsSync(to) && readFileSync(to, "utf8") === content) continue;
    mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to, content, { mode: 0o644 });
  }
  const prune = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) {
        prune(full);
        if (readdirSync(full).length === 0) rmSync(full, { recursive: true });
      } else if (!wanted.has(full)) rmSync(full);
    }
  };
  prune(dir);
}

/** Removes a deleted group's config-file volumes. */
export function removeConfigVolumes(dataDir: string, groupId: string): void {
  rmSync(groupDir(dataDir, groupId), { recursive: true, force: true });
}

/**
 * The Docker mounts of a container. Config files: their directory, bound read-only (a directory bind,
 * not a file bind, so the content is what the directory holds). Disks: the disk's volume, or, with a
 * `subPath`, that path inside the volume bound instead, since Docker 20.10 ignores volume subpaths.
 * A disk whose volume is gone blocks the container: retrying will not bring its data back.
 */
export async function mountsFor(
  runtime: ContainerRuntime,
  dataDir: string,
  groupId: string,
  group: ContainerGroupSpec,
  spec: ContainerSpec,
  basis?: ConfigBasis,
): Promise<{ mounts: Mount[] } | { reason: "DiskMissing"; message: string }> {
  const mounts: Mount[] = [];
  for (const m of spec.volumeMounts) {
    const volume = group.volumes.find((v) => v.name === m.volume);
    if (!volume) throw new Error(`unreachable: the schema refuses a mount of an undeclared volume (${m.volume})`);
    if (volume.configFile) {
      const source = path.join(configDir(dataDir, groupId, volume, basis), m.subPath ?? "");
      mounts.push({ type: "bind", source, target: m.mountPath, readOnly: true });
      continue;
    }
    const diskId = volume.disk?.diskId as string;
    const root = await runtime.volumeMountpoint(diskVolumeName(diskId));
    if (!root) return { reason: "DiskMissing", message: `the Docker volume of disk ${diskId} (${diskVolumeName(diskId)}) no longer exists` };
    if (!m.subPath) {
      mounts.push({ type: "volume", source: diskVolumeName(diskId), target: m.mountPath, readOnly: m.readOnly ?? false });
      continue;
    }
    const source = path.join(root, m.subPath);
    mkdirSync(source, { recursive: true });
    mounts.push({ type: "bind", source, target: m.mountPath, readOnly: m.readOnly ?? false });
  }
  return { mounts };
}
