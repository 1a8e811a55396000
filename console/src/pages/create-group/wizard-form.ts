import {
  type ContainerGroupSpecInput,
  ContainerGroupSpecSchema,
  type HostType,
  type RestartPolicy,
  type ValidationIssue,
  defaultPullPolicy,
  groupRequest,
  normalizeRequest,
  validate,
} from "../../api/contract";
import { type Pair, pairsOf, recordOf } from "../../api/pairs";
import { lines, numberOr } from "../../form-values";

/**
 * The create wizard's form (SPEC §9, the guide's four steps) as the inputs hold it: text as typed.
 * `toSpec` turns it into the API's spec, whose paths (`containers[0].image`) are also the paths of
 * the inputs, so an issue of the schema or of the API lands on the input it concerns.
 */
export interface PortRow {
  port: string;
  protocol: "TCP" | "UDP";
}
export interface MountRow {
  volume: string;
  mountPath: string;
  subPath: string;
  readOnly: boolean;
}
export interface ContainerForm {
  name: string;
  type: "work" | "init";
  image: string;
  imagePullPolicy: "" | "Always" | "IfNotPresent" | "Never";
  registryCredentialId: string;
  cpu: string;
  memory: string;
  ports: PortRow[];
  env: Pair[];
  /** One argument per line. */
  command: string;
  args: string;
  workingDir: string;
  maxLogSizeMB: string;
  volumeMounts: MountRow[];
}
export interface FileRow {
  path: string;
  content: string;
}
export interface VolumeForm {
  name: string;
  source: "configFile" | "disk";
  files: FileRow[];
  diskId: string;
}
export interface NetworkForm {
  /** `default`: the basic network without an EIP (the spec has no `network`). */
  mode: "default" | "basic" | "vpc";
  vxnetId: string;
  privateIp: string;
  eipId: string;
  securityGroupId: string;
}
export interface BasicForm {
  name: string;
  description: string;
  labels: Pair[];
  hostType: HostType;
  restartPolicy: RestartPolicy;
  shmSizeMB: string;
  /** `""` none, `auto` any available cache holding the images, or a cache's id. */
  imageCache: string;
}
export interface WizardForm {
  containers: ContainerForm[];
  volumes: VolumeForm[];
  network: NetworkForm;
  basic: BasicForm;
  /** `""`, or the standby pool the create claims a ready group of (`standbyPoolId`). */
  standbyPoolId: string;
}

export const STEPS = [
  { id: "images", title: "Images" },
  { id: "volumes", title: "Volumes" },
  { id: "network", title: "Network" },
  { id: "basic", title: "Basic information" },
] as const;
export type StepId = (typeof STEPS)[number]["id"];

export function newContainer(index: number): ContainerForm {
  return {
    name: `container-${index + 1}`,
    type: "work",
    image: "",
    imagePullPolicy: "",
    registryCredentialId: "",
    cpu: "",
    memory: "",
    ports: [],
    env: [],
    command: "",
    args: "",
    workingDir: "",
    maxLogSizeMB: "",
    volumeMounts: [],
  };
}

export function newVolume(index: number): VolumeForm {
  return { name: `volume-${index + 1}`, source: "configFile", files: [{ path: "", content: "" }], diskId: "" };
}

export const INITIAL_FORM: WizardForm = {
  containers: [newContainer(0)],
  volumes: [],
  network: { mode: "default", vxnetId: "", privateIp: "", eipId: "", securityGroupId: "" },
  basic: { name: "", description: "", labels: [], hostType: "basic", restartPolicy: "Always", shmSizeMB: "", imageCache: "" },
  standbyPoolId: "",
};

/**
 * The form of a claim from a standby pool: every step filled from the pool's profile, so the spec
 * sent is the profile's, and the name, description and labels kept from `form` (a claim may change
 * those, and config files' content).
 */
export function claimForm(form: WizardForm, poolId: string, profile: ContainerGroupSpecInput): WizardForm {
  const text = (n: number | undefined) => (n === undefined ? "" : String(n));
  const network = profile.network;
  return {
    containers: profile.containers.map(containerFormOf),
    volumes: (profile.volumes ?? []).map((v) =>
      v.disk ? { name: v.name, source: "disk", files: [], diskId: v.disk.diskId } : { name: v.name, source: "configFile", files: (v.configFile?.files ?? []).map((f) => ({ ...f })), diskId: "" },
    ),
    network: {
      mode: network ? network.mode : "default",
      vxnetId: network?.mode === "vpc" ? network.vxnetId : "",
      privateIp: network?.mode === "vpc" ? (network.privateIp ?? "") : "",
      eipId: network?.mode === "basic" ? (network.eipId ?? "") : "",
      securityGroupId: network?.securityGroupId ?? "",
    },
    basic: {
      ...form.basic,
      hostType: profile.hostType ?? "basic",
      restartPolicy: profile.restartPolicy ?? "Always",
      shmSizeMB: text(profile.shmSizeMB),
      imageCache: profile.autoMatchImageCache ? "auto" : (profile.imageCacheId ?? ""),
    },
    standbyPoolId: poolId,
  };
}

/** One container of a spec (a pool's profile, a group read back) as the form holds it. */
export function containerFormOf(c: ContainerGroupSpecInput["containers"][number]): ContainerForm {
  const text = (n: number | undefined) => (n === undefined ? "" : String(n));
  return {
    name: c.name,
    type: c.type ?? "work",
    image: c.image,
    imagePullPolicy: c.imagePullPolicy ?? "",
    registryCredentialId: c.registryCredentialId ?? "",
    cpu: text(c.cpu),
    memory: text(c.memory),
    ports: (c.ports ?? []).map((p) => ({ port: String(p.port), protocol: p.protocol ?? "TCP" })),
    env: pairsOf(c.env ?? {}),
    command: (c.command ?? []).join("\n"),
    args: (c.args ?? []).join("\n"),
    workingDir: c.workingDir ?? "",
    maxLogSizeMB: text(c.maxLogSizeMB),
    volumeMounts: (c.volumeMounts ?? []).map((m) => ({ volume: m.volume, mountPath: m.mountPath, subPath: m.subPath ?? "", readOnly: m.readOnly ?? false })),
  };
}

/** The step whose inputs edit a path: mounts are chosen with the volumes, the rest by their top field. */
export function stepOf(path: string): StepId {
  if (path.startsWith("volumes") || /^containers\[\d+\]\.volumeMounts/.test(path)) return "volumes";
  if (path.startsWith("containers")) return "images";
  if (path.startsWith("network")) return "network";
  return "basic";
}

export function stepIndex(step: StepId): number {
  return STEPS.findIndex((s) => s.id === step);
}

/** Every broken rule of the form: rows the spec cannot hold (a name twice), then the contract's own. */
export function formIssues(form: WizardForm): ValidationIssue[] {
  const { spec, issues } = toSpec(form);
  const result = validate(ContainerGroupSpecSchema, spec);
  return [...issues, ...(result.ok ? [] : result.issues)];
}

/** The group's size as the engine will normalize it; `too-large` above the table; undefined while a value is not a number. */
export function normalizedSize(form: WizardForm): { cpu: number; memory: number } | "too-large" | undefined {
  const containers = form.containers.map((c) => ({ type: c.type, cpu: numberOr(c.cpu), memory: numberOr(c.memory) }));
  if (containers.some((c) => typeof c.cpu === "string" || typeof c.memory === "string")) return undefined;
  return normalizeRequest(groupRequest(containers as Array<{ type: "work" | "init"; cpu?: number; memory?: number }>)) ?? "too-large";
}

export function toSpec(form: WizardForm): { spec: ContainerGroupSpecInput; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const record = (rows: Pair[], path: string, what: string) => {
    const out = recordOf(rows, path, what);
    issues.push(...out.issues);
    return out.record;
  };
  const b = form.basic;
  const spec: Record<string, unknown> = {
    name: b.name,
    ...(b.description ? { description: b.description } : {}),
    labels: record(b.labels, "labels", "label"),
    hostType: b.hostType,
    restartPolicy: b.restartPolicy,
    ...optional("shmSizeMB", numberOr(b.shmSizeMB)),
    ...(b.imageCache === "auto" ? { autoMatchImageCache: true } : b.imageCache ? { imageCacheId: b.imageCache } : {}),
    containers: form.containers.map((c, i) => containerSpecOf(c, i, record)),
    volumes: form.volumes.map((v) => (v.source === "disk" ? { name: v.name, disk: { diskId: v.diskId } } : { name: v.name, configFile: { files: v.files.map((f) => ({ path: f.path, content: f.content })) } })),
    ...(form.network.mode === "default" ? {} : { network: networkOf(form.network) }),
  };
  return { spec: spec as unknown as ContainerGroupSpecInput, issues };
}

/** One container of the form as the spec's; `record` turns rows into a map, keeping the issues of rows it cannot hold. */
export function containerSpecOf(c: ContainerForm, i: number, record: (rows: Pair[], path: string, what: string) => Record<string, string>): ContainerGroupSpecInput["containers"][number] {
  return {
    name: c.name,
    type: c.type,
    image: c.image.trim(),
    // Always explicit, as the provider sends it: the engine hashes a container's spec as written, so a
    // policy that appeared only in a later update (the read spec has it) would re-create the container.
    imagePullPolicy: c.imagePullPolicy || defaultPullPolicy(c.image.trim()),
    ...optional("registryCredentialId", c.registryCredentialId || undefined),
    ...optional("cpu", numberOr(c.cpu)),
    ...optional("memory", numberOr(c.memory)),
    ports: c.ports.map((p) => ({ port: numberOr(p.port) ?? "", protocol: p.protocol })),
    env: record(c.env, `containers[${i}].env`, "variable"),
    ...optional("command", lines(c.command)),
    ...optional("args", lines(c.args)),
    ...optional("workingDir", c.workingDir || undefined),
    ...optional("maxLogSizeMB", numberOr(c.maxLogSizeMB)),
    volumeMounts: c.volumeMounts.map((m) => ({ volume: m.volume, mountPath: m.mountPath, ...(m.subPath ? { subPath: m.subPath } : {}), ...(m.readOnly ? { readOnly: true } : {}) })),
  } as ContainerGroupSpecInput["containers"][number];
}

function networkOf(n: NetworkForm): Record<string, unknown> {
  const sg = n.securityGroupId ? { securityGroupId: n.securityGroupId } : {};
  if (n.mode === "vpc") return { mode: "vpc", vxnetId: n.vxnetId, ...(n.privateIp ? { privateIp: n.privateIp.trim() } : {}), ...sg };
  return { mode: "basic", ...(n.eipId ? { eipId: n.eipId } : {}), ...sg };
}

function optional(key: string, value: unknown): Record<string, unknown> {
  return value === undefined ? {} : { [key]: value };
}
