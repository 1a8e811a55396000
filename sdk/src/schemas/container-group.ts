import { z } from "zod";
import { groupRequest, normalizeRequest } from "../resources";
import { isIpv4 } from "../net/cidr";
import { HourlyPriceSchema, NameSchema, TimestampSchema, VersionSchema, idSchema, listSchema } from "./common";
import { VolumeMountSchema, VolumeSchema, volumeIssues } from "./volume";

export const MAX_CONTAINERS = 20;
export const MAX_LABELS = 10;

export const HostTypeSchema = z.enum(["basic", "performance", "super-high-performance", "enterprise-e1", "enterprise-e2"]);
export type HostType = z.infer<typeof HostTypeSchema>;
export const RestartPolicySchema = z.enum(["Always", "OnFailure", "Never"]);
export type RestartPolicy = z.infer<typeof RestartPolicySchema>;
export const ImagePullPolicySchema = z.enum(["Always", "IfNotPresent", "Never"]);
export type ImagePullPolicy = z.infer<typeof ImagePullPolicySchema>;

const NAME_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
export const IMAGE_REFERENCE = new RegExp(
  `^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

export const ContainerPortSchema = z.strictObject({
  port: z.number().int().min(1).max(65535).describe("The port the container listens on."),
  protocol: z.enum(["TCP", "UDP"]).default("TCP").describe("TCP or UDP."),
});
export type ContainerPort = z.infer<typeof ContainerPortSchema>;

const AbsolutePathSchema = z.string().min(1).max(4096).regex(/^\//, "must be an absolute path");
const EnvNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "must be a variable name such as APP_MODE");

export const ContainerSpecSchema = z.strictObject({
  name: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be lowercase letters, digits and '-', starting and ending with a letter or digit")
    .describe("Unique in the group: lowercase letters, digits and '-'."),
  type: z
    .enum(["init", "work"])
    .default("work")
    .describe("`init` containers run one at a time, in order, each to success, before the `work` containers start together."),
  image: z
    .string()
    .max(512)
    .regex(IMAGE_REFERENCE, "must be an image reference such as registry.example.com/team/app:1.2")
    .describe("Image reference with an optional tag (default `latest`) or `@sha256:` digest; Docker Hub short names are allowed."),
  imagePullPolicy: ImagePullPolicySchema.optional().describe("Default `IfNotPresent`, or `Always` when the tag is `latest` or omitted."),
  registryCredentialId: idSchema("rc").optional().describe("The registry credential (`rc-…`) to pull a private image with; its server must be the image's registry."),
  cpu: z.number().positive().max(32).optional().describe("vCPU, fractions allowed; without it the container gets a share of the group."),
  memory: z.number().positive().max(256).optional().describe("GiB; without it the container gets a share of the group."),
  ports: z.array(ContainerPortSchema).max(100).default([]).describe("Ports the container listens on; the containers of a group share one port space."),
  workingDir: AbsolutePathSchema.optional().describe("Replaces the image's working directory."),
  command: z.array(z.string()).max(256).optional().describe("Replaces the image's entrypoint."),
  args: z.array(z.string()).max(256).optional().describe("Replaces the image's command."),
  env: z
    .record(EnvNameSchema, z.string())
    .default({})
    .describe("Environment variables; they override the image's variables of the same name."),
  secureEnv: z
    .record(EnvNameSchema, z.string())
    .optional()
    .describe(
      "Write-only environment variables (secrets), given to the container like `env` but sealed at rest and never returned: reads show their names only (`secureEnvNames`). A name may not be in both `env` and `secureEnv`.",
    ),
  maxLogSizeMB: z.number().int().min(1).max(1024).default(10).describe("Log output kept per container, in MB; the oldest output is dropped first."),
  volumeMounts: z.array(VolumeMountSchema).max(64).default([]).describe("The group's volumes this container mounts; mount paths are unique in the container."),
});
export type ContainerSpecInput = z.input<typeof ContainerSpecSchema>;
export type ContainerSpec = z.infer<typeof ContainerSpecSchema> & { imagePullPolicy: ImagePullPolicy };

/** `IfNotPresent`, or `Always` when the tag is `latest` or omitted (and no digest pins the image). */
export function defaultPullPolicy(image: string): ImagePullPolicy {
  if (image.includes("@")) return "IfNotPresent";
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  const tag = colon < 0 ? "latest" : lastSegment.slice(colon + 1);
  return tag === "latest" ? "Always" : "IfNotPresent";
}

/**
 * Where a group's sandbox lives (SPEC §2, §4): a vxnet of a VPC, with a private IP chosen by the engine
 * or fixed; or the basic network, optionally with its own EIP. A security group filters what reaches
 * the group through an EIP. Omitted: the basic network without an EIP.
 */
export const GroupNetworkSchema = z.discriminatedUnion("mode", [
  z.strictObject({
    mode: z.literal("vpc").describe("`vpc`: the group joins a vxnet of a VPC; `basic`: the basic network, ports on the engine's host or an EIP."),
    vxnetId: z.string().regex(/^vxnet-[a-z0-9]{8}$/, 'must be "vxnet-" followed by 8 lowercase letters or digits').describe("The vxnet the group joins."),
    privateIp: z.string().refine(isIpv4, "must be an IPv4 address").optional().describe("A fixed private IP in the vxnet; chosen by the engine when omitted."),
    securityGroupId: idSchema("sg").optional().describe("Filters what port forwarding brings to the group (ingress rules) and what the group sends (egress rules)."),
  }),
  z.strictObject({
    mode: z.literal("basic").describe("`vpc`: the group joins a vxnet of a VPC; `basic`: the basic network, ports on the engine's host or an EIP."),
    eipId: idSchema("eip").optional().describe("An EIP of the group's own: its declared ports are reachable there."),
    securityGroupId: idSchema("sg").optional().describe("Filters what reaches the group through its EIP."),
  }),
]);
export type GroupNetwork = z.infer<typeof GroupNetworkSchema>;

const ContainerGroupSpecObject = z.strictObject({
  name: NameSchema.describe("The group's name."),
  description: z.string().max(1024).default("").describe("Free text about the group."),
  labels: z
    .record(z.string().min(1).max(63), z.string().max(63))
    .default({})
    .refine((labels) => Object.keys(labels).length <= MAX_LABELS, {
      error: `a group has at most ${MAX_LABELS} labels`,
      params: { rule: `max:${MAX_LABELS}` },
    })
    .describe(`At most ${MAX_LABELS} labels; keys of 1–63 characters, values of at most 63.`),
  hostType: HostTypeSchema.default("basic").describe("The class of host the group runs on."),
  restartPolicy: RestartPolicySchema.default("Always").describe(
    "Which terminated containers the engine restarts in place, with back-off: `Always` any, `OnFailure` those that exited non-zero, `Never` none.",
  ),
  containers: z
    .array(ContainerSpecSchema)
    .min(1, { error: "a group needs at least one container" })
    .max(MAX_CONTAINERS, { error: `a group holds at most ${MAX_CONTAINERS} containers, init containers included` })
    .describe("Init and work containers; names and declared port/protocol pairs are unique in the group, and at least one is a work container."),
  network: GroupNetworkSchema.optional().describe("A vxnet of a VPC, or the basic network with an optional EIP; the basic network without an EIP when omitted. Changing it re-creates the sandbox, so every container restarts."),
  volumes: z.array(VolumeSchema).max(64).default([]).describe("Config-file and disk volumes, shared by the containers that mount them; names are unique in the group."),
  imageCacheId: idSchema("ic").optional().describe("Start from this image cache: its images are not pulled. Affects later pulls only."),
  autoMatchImageCache: z.boolean().default(false).describe("Use an available image cache that holds all of the group's images, if there is one."),
  shmSizeMB: z.number().int().min(1).optional().describe("Shared memory (/dev/shm) of the group's containers, in MB, below half of the group's memory; off when omitted."),
});

/** The top-level fields of a container group spec. */
export const CONTAINER_GROUP_SPEC_KEYS = Object.keys(ContainerGroupSpecObject.shape) as Array<keyof typeof ContainerGroupSpecObject.shape>;
/** The fields of a container spec. */
export const CONTAINER_SPEC_KEYS = Object.keys(ContainerSpecSchema.shape) as Array<keyof typeof ContainerSpecSchema.shape>;

/**
 * What a user declares for a container group (SPEC §2). Parsing fills the defaults and checks every
 * rule that spans fields: unique container names, at least one work container, no port declared twice,
 * a request that fits the size table, and shared memory below half of the group's memory.
 */
export const ContainerGroupSpecSchema = ContainerGroupSpecObject.superRefine((spec, ctx) => {
  const seen = new Map<string, number>();
  spec.containers.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["containers", i, "name"],
        message: `container name "${c.name}" is already used by containers[${first}]`,
        params: { rule: "unique" },
        input: c.name,
      });
    } else seen.set(c.name, i);
  });
  spec.containers.forEach((c, i) => {
    for (const name of Object.keys(c.secureEnv ?? {})) {
      if (!Object.hasOwn(c.env, name)) continue;
      // The issue names the variable, never its value: a secureEnv value is a secret.
      ctx.addIssue({
        code: "custom",
        path: ["containers", i, "secureEnv", name],
        message: `variable ${name} is also in env; a variable is either in env or in secureEnv`,
        params: { rule: "not_in_env" },
        input: name,
      });
    }
  });
  if (!spec.containers.some((c) => c.type === "work")) {
    ctx.addIssue({
      code: "custom",
      path: ["containers"],
      message: "a group needs at least one work container",
      params: { rule: "work_container_required" },
      input: spec.containers.map((c) => c.name),
    });
  }
  const ports = new Map<string, string>();
  spec.containers.forEach((c, i) =>
    c.ports.forEach((p, j) => {
      const key = `${p.port}/${p.protocol}`;
      const owner = ports.get(key);
      if (owner !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["containers", i, "ports", j],
          message: `port ${key} is already declared by ${owner}; containers of a group share one port space`,
          params: { rule: "unique_port" },
          input: p,
        });
      } else ports.set(key, `container "${c.name}"`);
    }),
  );
  for (const issue of volumeIssues(spec.volumes, spec.containers)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, params: { rule: issue.rule }, input: issue.input });
  const request = groupRequest(spec.containers);
  const size = normalizeRequest(request);
  if (!size) {
    ctx.addIssue({
      code: "custom",
      path: ["containers"],
      message: `the group requests ${request.cpu} vCPU and ${request.memory} GiB, above the largest size (32 vCPU, 256 GiB)`,
      params: { rule: "max_size" },
      input: request,
    });
  } else if (spec.shmSizeMB !== undefined && spec.shmSizeMB * 2 >= size.memory * 1024) {
    ctx.addIssue({
      code: "custom",
      path: ["shmSizeMB"],
      message: `shared memory must be less than half of the group's memory (${size.memory} GiB, so below ${size.memory * 512} MB)`,
      params: { rule: "below_half_memory" },
      input: spec.shmSizeMB,
    });
  }
}).transform((spec) => ({
  ...spec,
  // An empty secureEnv is no secureEnv: one spec, whichever way it was written.
  containers: spec.containers.map(({ secureEnv, ...c }) => ({
    ...c,
    imagePullPolicy: c.imagePullPolicy ?? defaultPullPolicy(c.image),
    ...(secureEnv && Object.keys(secureEnv).length > 0 ? { secureEnv } : {}),
  })),
}));
export type ContainerGroupSpecInput = z.input<typeof ContainerGroupSpecSchema>;
export type ContainerGroupSpec = z.infer<typeof ContainerGroupSpecSchema>;

export const GroupStatusSchema = z.enum(["pending", "running", "updating", "restarting", "deleting", "succeeded", "failed"]);
export type GroupStatus = z.infer<typeof GroupStatusSchema>;
export const HealthStatusSchema = z.enum(["checking", "healthy", "unhealthy"]);
export type HealthStatus = z.infer<typeof HealthStatusSchema>;
export const ContainerStateSchema = z.enum(["waiting", "created", "running", "terminated"]);
export type ContainerState = z.infer<typeof ContainerStateSchema>;

/** What the engine observed of one container. */
export const ContainerStatusSchema = z.object({
  state: ContainerStateSchema.describe("`waiting`, then `created`, `running` and `terminated`."),
  reason: z
    .string()
    .nullable()
    .describe("Why the container is waiting or terminated: `ContainerCreating`, `PodInitializing`, `CrashLoopBackOff`, `ErrImagePull`, `Completed`, `Error`, `OOMKilled`, `ContainerCannotRun`."),
  message: z.string().nullable().describe("Details of the reason, when there are any."),
  exitCode: z.number().int().nullable().describe("The exit code of the last run, once terminated."),
  restartCount: z.number().int().nonnegative().describe("How many times the engine has restarted the container."),
  ready: z.boolean().describe("True for a running work container and for an init container that completed."),
  startedAt: TimestampSchema.nullable().describe("When the container last started."),
  finishedAt: TimestampSchema.nullable().describe("When the container last terminated."),
});
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

/** A published port: where the group's declared port is reachable from the engine's host. */
export const PublishedPortSchema = z.object({
  port: z.number().int().describe("The declared port."),
  protocol: z.enum(["TCP", "UDP"]).describe("TCP or UDP."),
  hostIp: z.string().describe("The address on the engine's host that the port is published on."),
  hostPort: z.number().int().describe("The port on the engine's host."),
});
export type PublishedPort = z.infer<typeof PublishedPortSchema>;

/** A container's spec as the API returns it: `secureEnv` by its names only, and the pull policy in force. */
export const ContainerReadSpecSchema = ContainerSpecSchema.omit({ secureEnv: true }).extend({
  imagePullPolicy: ImagePullPolicySchema.describe("The pull policy in force: the declared one, or the default for the image's tag."),
  secureEnvNames: z.array(z.string()).describe("The names of the container's `secureEnv` variables, sorted; their values are never returned."),
});

/** A container group spec as the API returns it (a group's spec, a standby pool's profile): defaults filled, `secureEnv` by its names only. */
export const ContainerGroupReadSpecSchema = ContainerGroupSpecObject.extend({
  containers: z.array(ContainerReadSpecSchema).describe("Each container's spec (`secureEnv` by its names only)."),
});
export type ContainerGroupReadSpec = z.infer<typeof ContainerGroupReadSpecSchema>;

/** A container group as the API returns it: the spec, with each container's status merged into it. */
export const ContainerGroupSchema = ContainerGroupReadSpecSchema.extend({
  id: idSchema("cg"),
  containers: z
    .array(ContainerReadSpecSchema.extend(ContainerStatusSchema.shape))
    .describe("Each container's spec (`secureEnv` by its names only), with what the engine observed of it."),
  status: GroupStatusSchema.describe(
    "`pending` while being created, then `running`, `updating`, `restarting` or `deleting`; `succeeded` when every work container exited 0 and will not restart; `failed` when the group cannot run (the engine deletes it about an hour later).",
  ),
  statusReason: z.string().nullable().describe("Why the group is in its status, when the engine knows."),
  healthStatus: HealthStatusSchema.describe(
    "`checking` at first, `healthy` when every work container is running, `unhealthy` when a container terminated abnormally, crash-loops or was OOM-killed.",
  ),
  privateIp: z.string().nullable().describe("The group's IP address; null until its sandbox has joined the network."),
  cpu: z.number().describe("The group's vCPU, normalized to the size table: billed, and enforced as its limit."),
  memory: z.number().describe("The group's memory in GiB, normalized to the size table: billed, and enforced as its limit."),
  ports: z.array(PublishedPortSchema).describe("Where the declared ports are published on the engine's host."),
  hourlyPrice: HourlyPriceSchema.describe("What the group costs per hour now: its normalized size at its host type's prices once it runs; 0 before it first runs, and once it failed, succeeded or is being deleted."),
  version: VersionSchema,
  createdAt: TimestampSchema.describe("When the group was created."),
  updatedAt: TimestampSchema.describe("When the group last changed: its spec, a requested operation, or what the engine observed."),
});
export type ContainerGroup = z.infer<typeof ContainerGroupSchema>;

export const ContainerGroupListSchema = listSchema(ContainerGroupSchema);
export type ContainerGroupList = z.infer<typeof ContainerGroupListSchema>;
