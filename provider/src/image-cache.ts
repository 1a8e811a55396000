import * as pulumi from "@pulumi/pulumi";
import type { CachedImage } from "@eci/sdk";
import { CACHE_OUTPUT_KEYS, ImageCacheProvider } from "./image-cache-provider";
import { AUTONAME_KEY, outputSlots } from "./inputs";

/** The arguments of an ImageCache (SPEC §3). Only name and description change in place. */
export interface ImageCacheArgs {
  /** 1–63 characters; default: the resource name and a random suffix. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** 1–20 image references. Changing them replaces the cache. */
  images: pulumi.Input<pulumi.Input<string>[]>;
  /** Credentials (`rc-…`) for private images; each image uses the one for its registry. Changing them replaces the cache. */
  registryCredentialIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Space for the unpacked images in GB, 20–500, default 20. Changing it replaces the cache. */
  sizeGB?: pulumi.Input<number>;
  /** How long create, update and delete may wait (`90s`, `10m`, `1h`); create 60 minutes by default, the others 10. */
  timeouts?: pulumi.Input<{ create?: pulumi.Input<string>; update?: pulumi.Input<string>; delete?: pulumi.Input<string> }>;
}

const provider = new ImageCacheProvider();

/**
 * An image cache of an ECI engine (`ic-…`): images pulled once and pinned, so groups naming it with
 * `imageCacheId` (or `autoMatchImageCache`) start without pulling. Create waits until it is
 * `available`; a cache that failed is replaced by the next `up`.
 */
export class ImageCache extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly images: pulumi.Output<string[]>;
  declare readonly registryCredentialIds: pulumi.Output<string[]>;
  declare readonly sizeGB: pulumi.Output<number>;
  /** `creating`, `available`, `failed` or `deleting`. */
  declare readonly status: pulumi.Output<string>;
  declare readonly statusReason: pulumi.Output<string | null>;
  /** Each image's reference, digest, image id, compressed and unpacked size. */
  declare readonly cachedImages: pulumi.Output<CachedImage[]>;
  /** Bytes the images take unpacked: what counts against `sizeGB`. */
  declare readonly usedBytes: pulumi.Output<number>;
  /** What the cache costs per hour, in the engine's currency, as of the last create, update or refresh (`GET /v1/billing` has the bill). */
  declare readonly hourlyPrice: pulumi.Output<number>;
  /** The cache's version as of the last create, update or refresh; each update sends it as `If-Match`. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: ImageCacheArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...outputSlots(CACHE_OUTPUT_KEYS), ...args, [AUTONAME_KEY]: name }, opts, "eci", "ImageCache");
  }
}
