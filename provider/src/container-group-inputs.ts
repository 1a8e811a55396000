import { CONTAINER_GROUP_SPEC_KEYS, CONTAINER_SPEC_KEYS, type ContainerGroup, type ContainerGroupSpec, ContainerGroupSpecSchema, idSchema } from "@eci/sdk";
import { z } from "zod";
import { AUTONAME_KEY, type CheckFailure, ResourceInputs, pick, sortKeys, timeoutsSchema } from "./inputs";

export const DEFAULT_TIMEOUT = "10m";

/** Inputs of the provider itself, not sent to the engine. */
export const ProviderInputsSchema = z.object({
  waitFor: z
    .enum(["healthy", "running", "none"])
    .default("healthy")
    .describe("What create and update wait for: `healthy` (a succeeded batch group also counts), `running`, or `none`."),
  timeouts: timeoutsSchema({ create: DEFAULT_TIMEOUT, update: DEFAULT_TIMEOUT, delete: DEFAULT_TIMEOUT }),
  adoptId: idSchema("cg").optional().describe("Adopt this existing group instead of creating one (`pulumi import` does not work for dynamic resources)."),
});
export type ProviderInputs = z.infer<typeof ProviderInputsSchema>;

/** Canonical inputs of a ContainerGroup: the group spec with its defaults, and the provider's own inputs. */
export type ContainerGroupInputs = ContainerGroupSpec & ProviderInputs & { [AUTONAME_KEY]?: string };

/** Outputs that are not inputs; they come back in `olds` and must not be mistaken for spec fields. */
export const OUTPUT_KEYS = ["status", "healthStatus", "statusReason", "privateIp", "cpu", "memory", "ports", "createdAt"];

export const CONTAINER_GROUP_INPUTS = new ResourceInputs<ContainerGroupSpec, ProviderInputs>({
  spec: ContainerGroupSpecSchema,
  specKeys: CONTAINER_GROUP_SPEC_KEYS,
  own: ProviderInputsSchema,
  ownKeys: Object.keys(ProviderInputsSchema.shape),
  outputKeys: OUTPUT_KEYS,
  autoname: "group",
  canonical: (spec) => ({ ...spec, labels: sortKeys(spec.labels), containers: spec.containers.map((c) => ({ ...c, env: sortKeys(c.env) })) }),
});

export function checkContainerGroup(olds: Record<string, unknown>, news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  return CONTAINER_GROUP_INPUTS.check(olds, news);
}

/** The spec part of inputs (or of outputs, whose containers also carry their states), as the engine takes it. */
export function specOf(inputs: Record<string, unknown>): ContainerGroupSpec {
  const { spec } = CONTAINER_GROUP_INPUTS.split(inputs);
  const containers = (spec.containers as Array<Record<string, unknown>> | undefined)?.map((c) => pick(c, CONTAINER_SPEC_KEYS));
  return { ...spec, containers } as ContainerGroupSpec;
}

/** Inputs rebuilt from a group the engine returned, for `read`: so a refresh shows real drift. */
export function inputsFromGroup(group: ContainerGroup, previous: Record<string, unknown>): Record<string, unknown> {
  return CONTAINER_GROUP_INPUTS.fromEngine(specOf(pick(group, CONTAINER_GROUP_SPEC_KEYS)) as unknown as Record<string, unknown>, previous);
}
