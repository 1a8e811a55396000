import { z } from "zod";

/** A resource id: its prefix plus 8 lowercase letters or digits (`cg-1a2b3c4d`). */
export function idSchema(prefix: string) {
  return z.string().regex(new RegExp(`^${prefix}-[a-z0-9]{8}$`), `must be "${prefix}-" followed by 8 lowercase letters or digits`);
}

/** Resource names: 1–63 characters. */
export const NameSchema = z.string().min(1).max(63);

/** Every list answer: the items of the page and how many matched. */
export function listSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int().nonnegative() });
}

export const TimestampSchema = z.iso.datetime();

/** Every resource read carries it (SPEC §7 "Versions"). */
export const VersionSchema = z
  .number()
  .int()
  .positive()
  .describe("Grows by one with each accepted change of the spec (1 when created). Send it as `If-Match` on `PUT` or `DELETE` to refuse (409 `version_conflict`) a write on top of a change you have not seen.");

/** Every resource read carries it (SPEC §6). */
export const HourlyPriceSchema = z
  .number()
  .nonnegative()
  .describe("What the resource costs per hour now, in the engine's currency (see `GET /v1/billing`); 0 while it is not billed.");
