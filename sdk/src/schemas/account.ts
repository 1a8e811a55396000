import { z } from "zod";
import { TimestampSchema, listSchema } from "./common";

/** What a user sends to create an access key: an optional name to tell keys apart (`ci`, `laptop`). */
export const AccessKeySpecSchema = z.strictObject({
  name: z.string().max(63).default("").describe("A name to tell the account's keys apart."),
});
export type AccessKeySpecInput = z.input<typeof AccessKeySpecSchema>;

/** An access key as the API lists it: never the secret. */
export const AccessKeySchema = z.object({
  id: z.string().regex(/^ak-[a-z0-9]{8}$/),
  name: z.string(),
  createdAt: TimestampSchema.describe("When it was created (RFC 3339)."),
  /** When the key last authenticated a request (to the minute); null when never. */
  lastUsedAt: TimestampSchema.nullable(),
  current: z.boolean().describe("Whether the request that read it was made with this key: the caller's own key."),
});
export type AccessKey = z.infer<typeof AccessKeySchema>;

/** The answer to creating a key: the only time its secret is shown. */
export const CreatedAccessKeySchema = AccessKeySchema.extend({ secret: z.string().describe("The key itself; the engine keeps only a hash of it.") });
export type CreatedAccessKey = z.infer<typeof CreatedAccessKeySchema>;

export const AccessKeyListSchema = listSchema(AccessKeySchema);

/** One quota of the account: the operator's limit and what the account uses now. */
export const QuotaSchema = z.object({ limit: z.number().int().nonnegative(), used: z.number().int().nonnegative() });

/** `GET /v1/quotas` (SPEC §5): groups of the standard and premium host types, and image caches. */
export const QuotaReportSchema = z.object({
  standardGroups: QuotaSchema.describe("Groups of host types basic and performance."),
  premiumGroups: QuotaSchema.describe("Groups of host types super-high-performance, enterprise-e1 and enterprise-e2."),
  imageCaches: QuotaSchema,
});
export type QuotaReport = z.infer<typeof QuotaReportSchema>;
export type QuotaName = keyof QuotaReport;
export const QUOTA_NAMES = Object.keys(QuotaReportSchema.shape) as QuotaName[];
