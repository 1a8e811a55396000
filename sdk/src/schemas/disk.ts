import { z } from "zod";
import type { HostType } from "./container-group";
import { HourlyPriceSchema, NameSchema, TimestampSchema, VersionSchema, idSchema, listSchema } from "./common";

export const DiskTypeSchema = z.enum(["basic", "performance", "capacity", "super-high-performance", "enterprise-ssd"]);
export type DiskType = z.infer<typeof DiskTypeSchema>;

/** Which disk types each host type can mount (SPEC §4). */
export const DISK_TYPES_BY_HOST: Record<HostType, readonly DiskType[]> = {
  basic: ["basic", "performance", "capacity"],
  performance: ["performance", "capacity", "basic"],
  "super-high-performance": ["super-high-performance", "capacity", "enterprise-ssd"],
  "enterprise-e1": ["super-high-performance", "enterprise-ssd", "capacity"],
  "enterprise-e2": ["super-high-performance", "enterprise-ssd", "capacity"],
};

/** What a user declares for a disk (SPEC §4). The type cannot change; the size can only grow. */
export const DiskSpecSchema = z.strictObject({
  name: NameSchema.describe("The disk's name."),
  description: z.string().max(1024).default("").describe("Free text about the disk."),
  type: DiskTypeSchema.default("basic").describe("The disk type; it decides which host types can mount the disk. Cannot change."),
  sizeGB: z
    .number()
    .int()
    .min(20)
    .max(5000)
    .multipleOf(10, { error: "must be a multiple of 10" })
    .default(20)
    .describe("Size in GB, 20–5000 in steps of 10; it can grow, never shrink."),
});
export type DiskSpecInput = z.input<typeof DiskSpecSchema>;
export type DiskSpec = z.infer<typeof DiskSpecSchema>;

export const DiskStatusSchema = z.enum(["available", "in-use"]);

/** A disk as the API returns it: its spec, and the group it is attached to. */
export const DiskSchema = z.object({
  id: idSchema("vol"),
  name: z.string(),
  description: z.string(),
  type: DiskTypeSchema,
  sizeGB: z.number().int(),
  status: DiskStatusSchema.describe("`in-use` while a container group's spec names the disk, else `available`."),
  attachedTo: z.string().nullable().describe("The container group (`cg-…`) whose spec names the disk."),
  hourlyPrice: HourlyPriceSchema,
  version: VersionSchema,
  createdAt: TimestampSchema.describe("When it was created (RFC 3339)."),
  updatedAt: TimestampSchema.describe("When its spec or status last changed (RFC 3339)."),
});
export type Disk = z.infer<typeof DiskSchema>;

export const DiskListSchema = listSchema(DiskSchema);
