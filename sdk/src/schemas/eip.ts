import { z } from "zod";
import { HourlyPriceSchema, NameSchema, TimestampSchema, VersionSchema, idSchema, listSchema } from "./common";

/** What a user declares for an EIP; the engine picks the address from its pool. */
export const EipSpecSchema = z.strictObject({
  name: NameSchema.describe("The EIP's name."),
  description: z.string().max(1024).default("").describe("Free text about the EIP."),
});
export type EipSpecInput = z.input<typeof EipSpecSchema>;
export type EipSpec = z.infer<typeof EipSpecSchema>;

/** An EIP as the API returns it: its address, and what it is bound to. */
export const EipSchema = z.object({
  id: idSchema("eip"),
  name: z.string(),
  description: z.string(),
  address: z.string().describe("The address, from the engine's loopback pool (127.100.0.0/16 by default), so it is reachable from the engine's host."),
  status: z.enum(["available", "associated"]).describe("`associated` while a VPC or a group is bound to it, else `available`."),
  associatedWith: z
    .object({ kind: z.enum(["vpc", "container-group"]).describe("What the EIP is bound to."), id: z.string().describe("Its id (`rtr-…` or `cg-…`).") })
    .nullable()
    .describe("The VPC (port forwarding) or the basic-mode container group the EIP is bound to."),
  hourlyPrice: HourlyPriceSchema,
  version: VersionSchema,
  createdAt: TimestampSchema.describe("When it was created (RFC 3339)."),
  updatedAt: TimestampSchema.describe("When its spec or status last changed (RFC 3339)."),
});
export type Eip = z.infer<typeof EipSchema>;

export const EipListSchema = listSchema(EipSchema);
