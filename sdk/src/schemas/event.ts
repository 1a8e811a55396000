import { z } from "zod";
import { TimestampSchema, listSchema } from "./common";

/** Something the engine did or saw for a group, in the order it happened. */
export const EventSchema = z.object({
  id: z.number().int().positive(),
  type: z.enum(["Normal", "Warning"]),
  reason: z.string(),
  message: z.string(),
  container: z.string().nullable(),
  createdAt: TimestampSchema.describe("When it was created (RFC 3339)."),
});
export type Event = z.infer<typeof EventSchema>;

export const EventListSchema = listSchema(EventSchema);
export type EventList = z.infer<typeof EventListSchema>;
