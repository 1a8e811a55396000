import * as pulumi from "@pulumi/pulumi";
import type { ContainerStatus, PublishedPort } from "@eci/sdk";
import { ContainerGroupProvider } from "./container-group-provider";
import { OUTPUT_KEYS } from "./container-group-inputs";
import { AUTONAME_KEY, outputSlots } from "./inputs";

/** One container of a group, as declared. See SPEC §2 for every field's rules. */
export interface ContainerArgs {
  name: pulumi.Input<string>;
  /** `init` containers run one at a time, in order, each to success, before the `work` containers. Default `work`. */
  type?: pulumi.Input<"init" | "work">;
  image: pulumi.Input<string>;
  /** Default `IfNotPresent`, or `Always` for `latest` or no tag. */
  imagePullPolicy?: pulumi.Input<"Always" | "IfNotPresent" | "Never">;
  /** The registry credential (`rc-…`) for a private image; its server must be the image's registry. */
  registryCredentialId?: pulumi.Input<string>;
  /** vCPU; fractions allowed. */
  cpu?: pulumi.Input<number>;
  /** GiB. */
  memory?: pulumi.Input<number>;
  ports?: pulumi.Input<pulumi.Input<{ port: pulumi.Input<number>; protocol?: pulumi.Input<"TCP" | "UDP"> }>[]>;
  workingDir?: pulumi.Input<string>;
  /** Replaces the image's entrypoint. */
  command?: pulumi.Input<pulumi.Input<string>[]>;
  /** Replaces the image's command. */
  args?: pulumi.Input<pulumi.Input<string>[]>;
  env?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Write-only environment variables (secrets): given to the container, sealed at rest by the engine,
   * never returned by it and never in this resource's outputs (`secureEnvHashes` keeps a salted hash of
   * each value, so a changed value is still an update of the container). The resource makes each value
   * a Pulumi secret in the state's inputs; pass `pulumi.secret(...)` values all the same, so they stay
   * secret everywhere else in the program. A name may not also be in `env`. A changed value re-creates
   * the container, as a changed `env` does; an unchanged one restarts nothing.
   */
  secureEnv?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** 1–1024, default 10. */
  maxLogSizeMB?: pulumi.Input<number>;
  /** The group's volumes this container mounts; `subPath` mounts a path inside the volume. Config-file volumes are read-only. */
  volumeMounts?: pulumi.Input<pulumi.Input<{ volume: pulumi.Input<string>; mountPath: pulumi.Input<string>; subPath?: pulumi.Input<string>; readOnly?: pulumi.Input<boolean> }>[]>;
}

/** A volume of a group: config files given as text (read-only), or a disk (`vol-…`). Exactly one of the two. */
export interface VolumeArgs {
  name: pulumi.Input<string>;
  configFile?: pulumi.Input<{ files: pulumi.Input<pulumi.Input<{ path: pulumi.Input<string>; content: pulumi.Input<string> }>[]> }>;
  disk?: pulumi.Input<{ diskId: pulumi.Input<string> }>;
}

/** The arguments of a ContainerGroup: the group spec (SPEC §2) and how the provider waits. */
export interface ContainerGroupArgs {
  /** 1–63 characters; default: the resource name and a random suffix. Changes without restarting anything. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** At most 10; changes without restarting anything. */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Default `basic`. Changing it replaces the group. */
  hostType?: pulumi.Input<"basic" | "performance" | "super-high-performance" | "enterprise-e1" | "enterprise-e2">;
  /** Default `Always`. */
  restartPolicy?: pulumi.Input<"Always" | "OnFailure" | "Never">;
  /** 1–20, init containers included. Changing containers is an online update: only changed containers restart. */
  containers: pulumi.Input<pulumi.Input<ContainerArgs>[]>;
  /**
   * `{mode: "vpc", vxnetId, privateIp?, securityGroupId?}` or `{mode: "basic", eipId?, securityGroupId?}`;
   * the basic network without an EIP when omitted. Changing it re-creates the sandbox (every container restarts).
   */
  network?: pulumi.Input<
    | { mode: pulumi.Input<"vpc">; vxnetId: pulumi.Input<string>; privateIp?: pulumi.Input<string>; securityGroupId?: pulumi.Input<string> }
    | { mode: pulumi.Input<"basic">; eipId?: pulumi.Input<string>; securityGroupId?: pulumi.Input<string> }
  >;
  /** Config-file and disk volumes; editing one re-creates only the containers that mount it. */
  volumes?: pulumi.Input<pulumi.Input<VolumeArgs>[]>;
  /** Start from this image cache (`ic-…`): its images are not pulled. Affects later pulls only. */
  imageCacheId?: pulumi.Input<string>;
  /** Use an available image cache holding all of the group's images, if there is one. Default false. */
  autoMatchImageCache?: pulumi.Input<boolean>;
  /** Shared /dev/shm in MB, below half of the group's memory. Changing it restarts every container. */
  shmSizeMB?: pulumi.Input<number>;
  /** What create and update wait for: `healthy` (default; `succeeded` also counts), `running`, or `none`. */
  waitFor?: pulumi.Input<"healthy" | "running" | "none">;
  /** How long create, update and delete may wait (`90s`, `10m`, `1h`); 10 minutes each by default. Pulumi's `customTimeouts` do not reach dynamic providers. */
  timeouts?: pulumi.Input<{ create?: pulumi.Input<string>; update?: pulumi.Input<string>; delete?: pulumi.Input<string> }>;
  /** Adopt this existing group (`cg-…`) instead of creating one; `pulumi import` does not work for dynamic resources. */
  adoptId?: pulumi.Input<string>;
}

const provider = new ContainerGroupProvider();

/**
 * A container group of an ECI engine: created, updated online (only changed containers restart) or
 * replaced (`hostType`), awaited until ready, and deleted only once the engine accepts it.
 */
export class ContainerGroup extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  declare readonly hostType: pulumi.Output<string>;
  declare readonly restartPolicy: pulumi.Output<string>;
  /** Each container's spec and its state (`state`, `reason`, `exitCode`, `restartCount`, `ready`, `startedAt`, `finishedAt`). */
  declare readonly containers: pulumi.Output<Array<Record<string, unknown> & ContainerStatus>>;
  declare readonly status: pulumi.Output<string>;
  declare readonly healthStatus: pulumi.Output<string>;
  declare readonly statusReason: pulumi.Output<string | null>;
  declare readonly privateIp: pulumi.Output<string | null>;
  /** Normalized vCPU. */
  declare readonly cpu: pulumi.Output<number>;
  /** Normalized GiB. */
  declare readonly memory: pulumi.Output<number>;
  /** Where the declared ports are published on the engine's host. */
  declare readonly ports: pulumi.Output<PublishedPort[]>;
  /** What the group costs per hour, in the engine's currency, as of the last create, update or refresh: 0 unless it runs (`GET /v1/billing` has the bill). */
  declare readonly hourlyPrice: pulumi.Output<number>;
  /** The group's version as of the last create, update or refresh; each update sends it as `If-Match`. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;
  /** Container name → `secureEnv` variable → a salted scrypt hash of its value, so a changed value is seen; the values are never outputs. */
  declare readonly secureEnvHashes: pulumi.Output<Record<string, Record<string, string>>>;

  constructor(name: string, args: ContainerGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...outputSlots(OUTPUT_KEYS), ...args, containers: withSecretValues(args.containers), [AUTONAME_KEY]: name }, opts, "eci", "ContainerGroup");
  }
}

/**
 * The containers with each `secureEnv` value made a secret, so the state's inputs hold it encrypted even
 * when the program passed a plain string. Containers given as one Output are left as they are: their
 * values are secret only if the program made them so.
 */
function withSecretValues(containers: ContainerGroupArgs["containers"]): ContainerGroupArgs["containers"] {
  if (!Array.isArray(containers)) return containers;
  return containers.map((c) => {
    if (!c || typeof c !== "object" || pulumi.Output.isInstance(c) || c instanceof Promise || c.secureEnv === undefined) return c;
    const secureEnv = c.secureEnv;
    const sealed =
      pulumi.Output.isInstance(secureEnv) || secureEnv instanceof Promise || typeof secureEnv !== "object" || secureEnv === null
        ? pulumi.secret(secureEnv)
        : Object.fromEntries(Object.entries(secureEnv).map(([k, v]) => [k, pulumi.secret(v)]));
    return { ...c, secureEnv: sealed };
  });
}
