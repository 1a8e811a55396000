import { z } from "zod";
import { IMAGE_REFERENCE } from "./container-group";
import { HourlyPriceSchema, NameSchema, TimestampSchema, VersionSchema, idSchema, listSchema } from "./common";

export const MAX_CACHE_IMAGES = 20;

/** What a user declares for an image cache (SPEC §3). Only name and description can change later. */
export const ImageCacheSpecSchema = z
  .strictObject({
    name: NameSchema.describe("The image cache's name."),
    description: z.string().max(1024).default("").describe("Free text about the image cache."),
    images: z
      .array(z.string().max(512).regex(IMAGE_REFERENCE, "must be an image reference such as registry.example.com/team/app:1.2"))
      .min(1, { error: "a cache holds at least one image" })
      .max(MAX_CACHE_IMAGES, { error: `a cache holds at most ${MAX_CACHE_IMAGES} images` })
      .describe("1–20 image references pulled into the cache. Changing them needs a new cache."),
    registryCredentialIds: z.array(idSchema("rc")).max(MAX_CACHE_IMAGES).default([]).describe("Credentials for private images; each image uses the one for its registry."),
    sizeGB: z.number().int().min(20).max(500).default(20).describe("Space for the unpacked images, in GB (20–500)."),
  })
  .superRefine((spec, ctx) => {
    spec.images.forEach((image, i) => {
      const first = spec.images.indexOf(image);
      if (first !== i) ctx.addIssue({ code: "custom", path: ["images", i], message: `image ${image} is already listed at images[${first}]`, params: { rule: "unique" }, input: image });
    });
  });
export type ImageCacheSpecInput = z.input<typeof ImageCacheSpecSchema>;
export type ImageCacheSpec = z.infer<typeof ImageCacheSpecSchema>;

export const CacheStatusSchema = z
  .enum(["creating", "available", "failed", "deleting"])
  .describe("`creating` while the images are pulled, `available` once groups can start from it, `failed` (see `statusReason`), `deleting`.");
export type CacheStatus = z.infer<typeof CacheStatusSchema>;

/** One cached image: what was asked, what was pulled, and its sizes. */
export const CachedImageSchema = z.object({
  image: z.string().describe("The image reference as the cache's spec names it."),
  digest: z.string().nullable().describe("The registry's digest of what was pulled (`sha256:…`), when it reported one."),
  imageId: z.string().describe("The image's id on the engine's host."),
  compressedSizeBytes: z.number().int().nullable().describe("Bytes downloaded from the registry (compressed layers), when the pull reported them."),
  sizeBytes: z.number().int().describe("Bytes the image takes unpacked: what counts against `sizeGB`."),
});
export type CachedImage = z.infer<typeof CachedImageSchema>;

export const ImageCacheSchema = z.object({
  id: idSchema("ic"),
  name: z.string(),
  description: z.string(),
  images: z.array(z.string()),
  registryCredentialIds: z.array(z.string()),
  sizeGB: z.number().int(),
  status: CacheStatusSchema,
  statusReason: z.string().nullable().describe("Why the cache failed (an image that could not be pulled, or did not fit), when it did."),
  cachedImages: z.array(CachedImageSchema).describe("Each image pulled so far, with its digest and sizes."),
  usedBytes: z.number().int().describe("Bytes the cached images take unpacked, out of `sizeGB`."),
  hourlyPrice: HourlyPriceSchema,
  version: VersionSchema,
  createdAt: TimestampSchema.describe("When it was created (RFC 3339)."),
  updatedAt: TimestampSchema.describe("When its spec or status last changed (RFC 3339)."),
});
export type ImageCache = z.infer<typeof ImageCacheSchema>;

export const ImageCacheListSchema = listSchema(ImageCacheSchema);
