import { z } from "zod";
import { ContainerGroupReadSpecSchema, ContainerGroupSpecSchema } from "./container-group";
import { HourlyPriceSchema, NameSchema, TimestampSchema, VersionSchema, idSchema, listSchema } from "./common";

export const MAX_READY_CAPACITY = 20;

/**
 * What a user declares for a standby pool (SPEC §8): a profile (a container-group spec) and how many
 * groups of it to keep created, started and healthy ahead of demand.
 */
export const StandbyPoolSpecSchema = z.strictObject({
  name: NameSchema.describe("The pool's name."),
  description: z.string().max(1024).default("").describe("Free text about the pool."),
  profile: ContainerGroupSpecSchema.describe(
    "The container-group spec of the pool's groups. A claim (`POST /v1/container-groups` with `standbyPoolId`) gives the same spec, except config-file content, name, labels and description. Changing it drains the pool and refills it.",
  ),
  maxReadyCapacity: z
    .number()
    .int()
    .min(0)
    .max(MAX_READY_CAPACITY)
    .describe(`How many groups the pool keeps ready (0–${MAX_READY_CAPACITY}); they are billed like groups and count against the group quota.`),
});
export type StandbyPoolSpecInput = z.input<typeof StandbyPoolSpecSchema>;
export type StandbyPoolSpec = z.infer<typeof StandbyPoolSpecSchema>;

/** A standby pool as the API returns it. */
export const StandbyPoolSchema = z.object({
  id: idSchema("sp"),
  name: z.string(),
  description: z.string(),
  profile: ContainerGroupReadSpecSchema.describe("The container-group spec of the pool's groups, as a group's read gives it: `secureEnv` by its names only (`secureEnvNames`)."),
  maxReadyCapacity: z.number().int(),
  status: z.enum(["filling", "ready"]).describe("`ready` when `readyCount` is `maxReadyCapacity`, else `filling`."),
  readyCount: z.number().int().describe("Pooled groups that are running and healthy: a claim takes one of these at once."),
  creatingCount: z.number().int().describe("Pooled groups still starting."),
  hourlyPrice: HourlyPriceSchema,
  version: VersionSchema,
  createdAt: TimestampSchema.describe("When it was created (RFC 3339)."),
  updatedAt: TimestampSchema.describe("When its spec last changed (RFC 3339)."),
});
export type StandbyPool = z.infer<typeof StandbyPoolSchema>;

export const StandbyPoolListSchema = listSchema(StandbyPoolSchema);

/** `standbyPoolId` of a create: claim a ready group of that pool. */
export const StandbyPoolIdSchema = idSchema("sp").describe("Claim a ready group of this standby pool (`sp-…`): the answer is already `running`.");
