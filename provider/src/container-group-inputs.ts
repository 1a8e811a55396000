import { CONTAINER_GROUP_SPEC_KEYS, CONTAINER_SPEC_KEYS, type ContainerGroup, type ContainerGroupSpec, ContainerGroupSpecSchema, StandbyPoolIdSchema, defaultPullPolicy } from "@eci/sdk";
import { z } from "zod";
import { isRecord } from "./canonical";
import { sharedInputs } from "./connection";
import { AUTONAME_KEY, type CheckFailure, ResourceInputs, pick, timeoutsSchema } from "./inputs";
import { SECURE_ENV_HASHES } from "./secure-env-hashes";
import { UNKNOWN } from "./unknowns";

type Props = Record<string, unknown>;

export const DEFAULT_TIMEOUT = "10m";

/** Inputs of the provider itself, not part of the group's spec (`standbyPoolId` goes with the create only). */
export const ProviderInputsSchema = z.object({
  waitFor: z
    .enum(["healthy", "running", "succeeded", "none"])
    .default("healthy")
    .describe(
      "What create and update wait for: `healthy` (a succeeded batch group also counts), `running`, `succeeded` (a batch job with restartPolicy `Never` or `OnFailure` has finished; a failed job fails with its container's exit code, reason and last log lines), or `none`.",
    ),
  timeouts: timeoutsSchema({ create: DEFAULT_TIMEOUT, update: DEFAULT_TIMEOUT, delete: DEFAULT_TIMEOUT }),
  restartTrigger: z
    .string()
    .optional()
    .describe("Any text (a date, a build number, a config file's hash): changing it restarts the group, never replaces it. Setting it on create or adoption restarts nothing."),
  standbyPoolId: StandbyPoolIdSchema.optional().describe(
    "Create the group by claiming a ready group of this standby pool (`sp-…`): it is `running` at once. The declared spec must be the pool's profile (config-file content, name, labels and description may differ); a pool with no ready group creates it the ordinary way.",
  ),
  ...sharedInputs("cg"),
});
export type ProviderInputs = z.infer<typeof ProviderInputsSchema>;

/** Canonical inputs of a ContainerGroup: the group spec with its defaults, and the provider's own inputs. */
export type ContainerGroupInputs = ContainerGroupSpec & ProviderInputs & { [AUTONAME_KEY]?: string };

/**
 * Outputs that are not inputs; they come back in `olds` and must not be mistaken for spec fields. `version` is
 * the one `update` sends as `If-Match`; `secureEnvHashes` stands in for the `secureEnv` values.
 */
export const OUTPUT_KEYS = ["status", "healthStatus", "statusReason", "privateIp", "cpu", "memory", "ports", "hourlyPrice", "version", "createdAt", SECURE_ENV_HASHES];

export const CONTAINER_GROUP_INPUTS = new ResourceInputs<ContainerGroupSpec, ProviderInputs>({
  spec: ContainerGroupSpecSchema,
  specKeys: CONTAINER_GROUP_SPEC_KEYS,
  own: ProviderInputsSchema,
  ownKeys: Object.keys(ProviderInputsSchema.shape),
  outputKeys: OUTPUT_KEYS,
  autoname: "group",
  derived: derivedGroupDefaults,
});

/** A group spec (or a pool's profile) with the defaults derived from other fields: each container's pull policy. */
export function derivedGroupDefaults(spec: Props): Props {
  return Array.isArray(spec.containers) ? { ...spec, containers: spec.containers.map(withPullPolicy) } : spec;
}

/** A container's pull policy defaults from its image's tag (the schema's transform): unknown while the image is. */
function withPullPolicy(container: unknown): unknown {
  if (!isRecord(container) || container.imagePullPolicy !== undefined || container.image === undefined) return container;
  return { ...container, imagePullPolicy: typeof container.image === "string" && container.image !== UNKNOWN ? defaultPullPolicy(container.image) : UNKNOWN };
}

export function checkContainerGroup(olds: Props, news: Props): { inputs: Props; failures: CheckFailure[] } {
  const result = CONTAINER_GROUP_INPUTS.check(olds, news);
  result.failures.push(...waitForFailures(result.inputs));
  return result;
}

/** `succeeded` waits for a job to finish: a group that restarts its containers always never does. */
function waitForFailures(inputs: Props): CheckFailure[] {
  const policy = inputs.restartPolicy ?? "Always";
  if (inputs.waitFor !== "succeeded" || policy !== "Always") return [];
  return [{ property: "waitFor", reason: "`succeeded` waits for a batch job to finish, and a group with restartPolicy Always never finishes: set restartPolicy to Never or OnFailure, or wait for `healthy`" }];
}

/** The spec part of inputs (or of outputs, whose containers also carry their states), as the engine takes it. */
export function specOf(inputs: Props): ContainerGroupSpec {
  return CONTAINER_GROUP_INPUTS.split(withSpecContainers(inputs)).spec as unknown as ContainerGroupSpec;
}

/** Old outputs or new inputs of a group as `diff` compares them: canonical, each container reduced to its spec. */
export function comparableGroup(props: Props): Props {
  return CONTAINER_GROUP_INPUTS.comparable(withSpecContainers(props));
}

/** Outputs' containers (a group's, or a pool profile's) also carry their states and `secureEnvNames`: only the spec's fields are inputs. */
export function withSpecContainers(props: Props): Props {
  if (!Array.isArray(props.containers)) return props;
  return { ...props, containers: props.containers.map((c: unknown) => (isRecord(c) ? pick(c, CONTAINER_SPEC_KEYS) : c)) };
}

/** Inputs rebuilt from a group the engine returned, for `read`: so a refresh shows real drift. */
export function inputsFromGroup(group: ContainerGroup, previous: Props): Props {
  return CONTAINER_GROUP_INPUTS.fromEngine(specOf(pick(group, CONTAINER_GROUP_SPEC_KEYS)) as unknown as Props, previous);
}
