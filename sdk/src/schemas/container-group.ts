import { z } from "zod";
import { groupRequest, normalizeRequest } from "../resources";
import { NameSchema, TimestampSchema, idSchema, listSchema } from "./common";

export const MAX_CONTAINERS = 20;
export const MAX_LABELS = 10;

export const HostTypeSchema = z.enum(["basic", "performance", "super-high-performance", "enterprise-e1", "enterprise-e2"]);
export type HostType = z.infer<typeof HostTypeSchema>;
export const RestartPolicySchema = z.enum(["Always", "OnFailure", "Never"]);
export type RestartPolicy = z.infer<typeof RestartPolicySchema>;
export const ImagePullPolicySchema = z.enum(["Always", "IfNotPresent", "Never"]);
export type ImagePullPolicy = z.infer<typeof ImagePullPolicySchema>;

const NAME_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const IMAGE_REFERENCE = new RegExp(
  `^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

export const ContainerPortSchema = z.strictObject({
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(["TCP", "UDP"]).default("TCP"),
});
export type ContainerPort = z.infer<typeof ContainerPortSchema>;

const AbsolutePathSchema = z.string().min(1).max(4096).regex(/^\//, "must be an absolute path");

export const ContainerSpecSchema = z.strictObject({
  name: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be lowercase letters, digits and '-', starting and ending with a letter or digit"),
  type: z.enum(["init", "work"]).default("work"),
  image: z.string().max(512).regex(IMAGE_REFERENCE, "must be an image reference such as registry.example.com/team/app:1.2"),
  imagePullPolicy: ImagePullPolicySchema.optional(),
  cpu: z.number().positive().max(32).optional(),
  memory: z.number().positive().max(256).optional(),
  ports: z.array(ContainerPortSchema).max(100).default([]),
  workingDir: AbsolutePathSchema.optional(),
  command: z.array(z.string()).max(256).optional(),
  args: z.array(z.string()).max(256).optional(),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "must be a variable name such as APP_MODE"), z.string())
    .default({}),
  maxLogSizeMB: z.number().int().min(1).max(1024).default(10),
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

const ContainerGroupSpecObject = z.strictObject({
  name: NameSchema,
  description: z.string().max(1024).default(""),
  labels: z
    .record(z.string().min(1).max(63), z.string().max(63))
    .default({})
    .refine((labels) => Object.keys(labels).length <= MAX_LABELS, {
      error: `a group has at most ${MAX_LABELS} labels`,
      params: { rule: `max:${MAX_LABELS}` },
    }),
  hostType: HostTypeSchema.default("basic"),
  restartPolicy: RestartPolicySchema.default("Always"),
  containers: z
    .array(ContainerSpecSchema)
    .min(1, { error: "a group needs at least one container" })
    .max(MAX_CONTAINERS, { error: `a group holds at most ${MAX_CONTAINERS} containers, init containers included` }),
  shmSizeMB: z.number().int().min(1).optional(),
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
  containers: spec.containers.map((c) => ({ ...c, imagePullPolicy: c.imagePullPolicy ?? defaultPullPolicy(c.image) })),
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
  state: ContainerStateSchema,
  /** Why the container is waiting or terminated: `ContainerCreating`, `PodInitializing`, `CrashLoopBackOff`, `ErrImagePull`, `Completed`, `Error`, `OOMKilled`, `ContainerCannotRun`. */
  reason: z.string().nullable(),
  message: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  restartCount: z.number().int().nonnegative(),
  ready: z.boolean(),
  startedAt: TimestampSchema.nullable(),
  finishedAt: TimestampSchema.nullable(),
});
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

/** A published port: where the group's declared port is reachable from the engine's host. */
export const PublishedPortSchema = z.object({
  port: z.number().int(),
  protocol: z.enum(["TCP", "UDP"]),
  hostIp: z.string(),
  hostPort: z.number().int(),
});
export type PublishedPort = z.infer<typeof PublishedPortSchema>;

/** A container group as the API returns it: the spec, with each container's status merged into it. */
export const ContainerGroupSchema = ContainerGroupSpecObject.extend({
  id: idSchema("cg"),
  containers: z.array(ContainerSpecSchema.extend({ imagePullPolicy: ImagePullPolicySchema }).extend(ContainerStatusSchema.shape)),
  status: GroupStatusSchema,
  statusReason: z.string().nullable(),
  healthStatus: HealthStatusSchema,
  privateIp: z.string().nullable(),
  cpu: z.number(),
  memory: z.number(),
  ports: z.array(PublishedPortSchema),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type ContainerGroup = z.infer<typeof ContainerGroupSchema>;

export const ContainerGroupListSchema = listSchema(ContainerGroupSchema);
export type ContainerGroupList = z.infer<typeof ContainerGroupListSchema>;
