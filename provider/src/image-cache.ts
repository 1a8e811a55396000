import * as pulumi from "@pulumi/pulumi";
import { EciResource } from "./eci-resource";
import type { ImageCacheArgs, ImageCacheOutputs } from "./resource-types";
import { CACHE_OUTPUT_KEYS, ImageCacheProvider } from "./image-cache-provider";
import { AUTONAME_KEY, outputSlots } from "./inputs";

const provider = new ImageCacheProvider();

// Its outputs: the generated interface, merged into the class.
export interface ImageCache extends ImageCacheOutputs {}

/**
 * An image cache of an ECI engine (`ic-…`): images pulled once and pinned, so groups naming it with
 * `imageCacheId` (or `autoMatchImageCache`) start without pulling. Create waits until it is
 * `available`; a cache that failed is replaced by the next `up`.
 */
export class ImageCache extends EciResource {
  constructor(name: string, args: ImageCacheArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, "ImageCache", name, { ...outputSlots(CACHE_OUTPUT_KEYS), ...args, [AUTONAME_KEY]: name }, opts);
  }
}
