import { z } from "zod";
import { TimestampSchema } from "./common";
import { HostTypeSchema } from "./container-group";
import { DiskTypeSchema } from "./disk";

/** What the engine bills (SPEC §6). Vxnets and registry credentials are never billed. */
export const BillingKindSchema = z.enum(["container-group", "image-cache", "disk", "eip", "vpc", "security-group"]);
export type BillingKind = z.infer<typeof BillingKindSchema>;

/**
 * What a price applies to: a group's normalized vCPU and GiB on its host type, an image cache's
 * `sizeGB`, a disk's `sizeGB` and type; nothing for EIPs, VPCs and security groups (one each).
 */
export const UsageSizeSchema = z.object({
  cpu: z.number().optional().describe("vCPU, normalized (container groups)."),
  memory: z.number().optional().describe("GiB, normalized (container groups)."),
  hostType: HostTypeSchema.optional().describe("The group's host type (container groups)."),
  sizeGB: z.number().int().optional().describe("GB (image caches and disks)."),
  diskType: DiskTypeSchema.optional().describe("The disk's type (disks)."),
});
export type UsageSize = z.infer<typeof UsageSizeSchema>;

/** One resource at one size within the period. */
export const BillingItemSchema = z.object({
  resourceId: z.string(),
  kind: BillingKindSchema,
  name: z.string().describe("The resource's name (its latest, when it was renamed)."),
  size: UsageSizeSchema,
  seconds: z.number().int().nonnegative().describe("How long the resource accrued at this size within the period."),
  unitPrice: z.number().nonnegative().describe("The price per hour at this size, in the bill's currency."),
  amount: z.number().nonnegative().describe("seconds / 3600 × unitPrice, rounded to 6 decimal places."),
});
export type BillingItem = z.infer<typeof BillingItemSchema>;

/** `GET /v1/billing`: what the caller's account accrued within [from, to), priced with the engine's current prices. */
export const BillSchema = z.object({
  currency: z.string().describe("The ISO 4217 code of every price and amount, from the operator's price file."),
  from: TimestampSchema,
  to: TimestampSchema,
  total: z.number().nonnegative().describe("The sum of the items' amounts."),
  items: z.array(BillingItemSchema),
});
export type Bill = z.infer<typeof BillSchema>;

const Rfc3339Schema = z.iso.datetime({ offset: true, error: "must be an RFC 3339 time such as 2026-03-01T00:00:00Z" });

/** The period of a bill, [from, to). `to` defaults to now, `from` to the start (UTC) of the month the period ends in. */
export const BillingQuerySchema = z.strictObject({
  from: Rfc3339Schema.optional(),
  to: Rfc3339Schema.optional(),
});
export type BillingQuery = z.input<typeof BillingQuerySchema>;
