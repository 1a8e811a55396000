import type { ImageCache } from "@eci/sdk";
import type { Condition } from "./await";

/** The cache has pulled and pinned its images; a failed or deleted cache will not get there. */
export const available: Condition<ImageCache> = (c) => {
  const description = "available";
  if (c.status === "failed") return { ok: false, fatal: true, description, message: `the cache failed: ${c.statusReason ?? "no reason given"}` };
  if (c.status === "deleting") return { ok: false, fatal: true, description, message: "the cache is being deleted" };
  return { ok: c.status === "available", description, message: `${c.status}, pulling ${c.images.length} image${c.images.length === 1 ? "" : "s"}` };
};

/** The cache no longer exists (the observation is null). */
export const cacheGone: Condition<ImageCache | null> = (c) => ({ ok: c === null, description: "deleted", message: c ? `status ${c.status}` : undefined });
