import { z } from "zod";
import { idSchema } from "./common";

export const MAX_CONFIG_BYTES = 1024 * 1024;

const VolumeNameSchema = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be lowercase letters, digits and '-', starting and ending with a letter or digit");

/** A path inside a volume: relative, no `..`, no empty segment. */
export const RelativePathSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith("/") && p.split("/").every((s) => s !== "" && s !== "." && s !== ".."), "must be a relative path without '.', '..' or empty segments");

export const ConfigFileSchema = z.strictObject({
  path: RelativePathSchema.describe("Where the file is, relative to the volume's root."),
  content: z.string().describe("The file's text."),
});

/**
 * A volume of a group: plain-text config files written by the engine (mounted read-only), or a disk
 * (`vol-…`) created beforehand. Exactly one of `configFile` and `disk`.
 */
export const VolumeSchema = z
  .strictObject({
    name: VolumeNameSchema.describe("Unique in the group; containers mount the volume by this name."),
    configFile: z
      .strictObject({ files: z.array(ConfigFileSchema).min(1).max(64) })
      .optional()
      .describe(`Files given as text (1–64, at most ${MAX_CONFIG_BYTES / 1024} KiB in all), mounted read-only. Editing them re-creates the containers that mount them.`),
    disk: z.strictObject({ diskId: idSchema("vol").describe("The disk (`vol-…`).") }).optional().describe("A disk, attached to this group only while the group exists; its data outlives the group."),
  })
  .superRefine((v, ctx) => {
    if ((v.configFile === undefined) === (v.disk === undefined)) {
      ctx.addIssue({ code: "custom", path: [], message: "a volume is either a configFile or a disk: give exactly one", params: { rule: "one_of:configFile|disk" }, input: v });
    }
    if (!v.configFile) return;
    const paths = v.configFile.files.map((f) => f.path);
    paths.forEach((p, i) => {
      const clash = paths.findIndex((q, j) => j !== i && (q === p ? j < i : q.startsWith(`${p}/`)));
      if (clash >= 0) ctx.addIssue({ code: "custom", path: ["configFile", "files", i, "path"], message: `${p} is already used by files[${clash}]`, params: { rule: "unique" }, input: p });
    });
    const bytes = v.configFile.files.reduce((sum, f) => sum + new TextEncoder().encode(f.content).length, 0);
    if (bytes > MAX_CONFIG_BYTES) {
      ctx.addIssue({ code: "custom", path: ["configFile", "files"], message: `the files hold ${bytes} bytes, more than ${MAX_CONFIG_BYTES}`, params: { rule: `max_bytes:${MAX_CONFIG_BYTES}` }, input: bytes });
    }
  });
export type Volume = z.infer<typeof VolumeSchema>;

export const VolumeMountSchema = z.strictObject({
  volume: VolumeNameSchema.describe("The name of one of the group's volumes."),
  mountPath: z.string().min(1).max(4096).regex(/^\//, "must be an absolute path").describe("Where the volume appears in the container."),
  subPath: RelativePathSchema.optional().describe("A path inside the volume to mount instead of its root."),
  readOnly: z.boolean().optional().describe("Mount read-only. Config-file volumes are always read-only."),
});
export type VolumeMount = z.infer<typeof VolumeMountSchema>;

export interface VolumeIssue {
  path: Array<string | number>;
  message: string;
  rule: string;
  input: unknown;
}

/** The rules that span volumes and containers: unique names, mounts of declared volumes, one volume per disk. */
export function volumeIssues(volumes: Volume[], containers: Array<{ volumeMounts: VolumeMount[] }>): VolumeIssue[] {
  const issues: VolumeIssue[] = [];
  const byName = new Map<string, number>();
  const byDisk = new Map<string, number>();
  volumes.forEach((v, i) => {
    const first = byName.get(v.name);
    if (first !== undefined) issues.push({ path: ["volumes", i, "name"], message: `volume name "${v.name}" is already used by volumes[${first}]`, rule: "unique", input: v.name });
    else byName.set(v.name, i);
    if (!v.disk) return;
    const other = byDisk.get(v.disk.diskId);
    if (other !== undefined) issues.push({ path: ["volumes", i, "disk", "diskId"], message: `disk ${v.disk.diskId} is already volumes[${other}]`, rule: "unique", input: v.disk.diskId });
    else byDisk.set(v.disk.diskId, i);
  });
  containers.forEach((c, i) => {
    const paths = new Map<string, number>();
    c.volumeMounts.forEach((m, j) => {
      const at = ["containers", i, "volumeMounts", j];
      const index = byName.get(m.volume);
      const volume = index === undefined ? undefined : volumes[index];
      if (!volume) issues.push({ path: [...at, "volume"], message: `no volume named "${m.volume}" in the group's volumes`, rule: "exists", input: m.volume });
      if (volume?.configFile && m.readOnly === false) issues.push({ path: [...at, "readOnly"], message: "config-file volumes are always read-only", rule: "read_only", input: false });
      if (volume?.configFile && m.subPath && !volume.configFile.files.some((f) => f.path === m.subPath || f.path.startsWith(`${m.subPath}/`))) {
        issues.push({ path: [...at, "subPath"], message: `volume "${m.volume}" has no file or directory ${m.subPath}`, rule: "exists", input: m.subPath });
      }
      const earlier = paths.get(m.mountPath);
      if (earlier !== undefined) issues.push({ path: [...at, "mountPath"], message: `${m.mountPath} is already mounted by volumeMounts[${earlier}]`, rule: "unique", input: m.mountPath });
      else paths.set(m.mountPath, j);
    });
  });
  return issues;
}
