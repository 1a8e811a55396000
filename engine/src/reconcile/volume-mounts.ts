import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ContainerGroupSpec, ContainerSpec, Volume } from "@eci/sdk";
import type { ContainerRuntime, Mount } from "../runtime/container-runtime";
import { specHash } from "../runtime/labels";
import { diskVolumeName } from "../runtime/object-names";

/** Where the engine keeps a group's config-file volumes. */
function groupDir(dataDir: string, groupId: string): string {
  return path.join(dataDir, "volumes", groupId);
}

/** A config-file volume's directory, named after its content: an edit makes a new directory, never rewrites one in use. */
function configDir(dataDir: string, groupId: string, volume: Volume): string {
  return path.join(groupDir(dataDir, groupId), `${volume.name}-${specHash(volume.configFile)}`);
}

/** The definitions of the volumes a container mounts: part of its spec hash, so editing one re-creates the containers that mount it. */
export function mountedVolumes(group: ContainerGroupSpec, spec: ContainerSpec): Volume[] {
  return spec.volumeMounts.map((m) => group.volumes.find((v) => v.name === m.volume)).filter((v): v is Volume => v !== undefined);
}

/**
 * Writes the group's config-file volumes (each into a directory written aside and renamed into place)
 * and removes those of earlier specs. Runs after stale containers are removed, so no container still
 * mounts a directory it removes.
 */
export function prepareConfigVolumes(dataDir: string, groupId: string, group: ContainerGroupSpec): void {
  const configs = group.volumes.filter((v) => v.configFile);
  const dir = groupDir(dataDir, groupId);
  if (configs.length === 0 && !existsSync(dir)) return;
  mkdirSync(dir, { recursive: true });
  const wanted = new Set(configs.map((v) => path.basename(configDir(dataDir, groupId, v))));
  for (const entry of readdirSync(dir)) if (!wanted.has(entry)) rmSync(path.join(dir, entry), { recursive: true, force: true });
  for (const volume of configs) {
    const target = configDir(dataDir, groupId, volume);
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
): Promise<{ mounts: Mount[] } | { reason: "DiskMissing"; message: string }> {
  const mounts: Mount[] = [];
  for (const m of spec.volumeMounts) {
    const volume = group.volumes.find((v) => v.name === m.volume);
    if (!volume) throw new Error(`unreachable: the schema refuses a mount of an undeclared volume (${m.volume})`);
    if (volume.configFile) {
      const source = path.join(configDir(dataDir, groupId, volume), m.subPath ?? "");
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
