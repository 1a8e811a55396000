import { type EciClient, type ImageCache, type ImageCacheSpec, ImageCacheSpecSchema, hasCode, parseDuration } from "@eci/sdk";
import { z } from "zod";
import { adoptable } from "./adoption";
import { awaitConditions } from "./await/await";
import { available, cacheGone } from "./await/cache-conditions";
import { sharedInputs } from "./connection";
import { type ChangeContext, IMAGE_CACHE_CHANGES, changesBetween, diffOf, kindsOf } from "./diff";
import { EngineProvider, log, orNullIfMissing } from "./engine-provider";
import { ResourceInitError } from "./errors";
import { ResourceInputs, dropUndefined, timeoutsSchema } from "./inputs";
import { withVersionRetry } from "./version-retry";

type Props = Record<string, unknown>;

/** Pulling many large images can take long: the engine itself gives up after 6 hours. */
export const CacheProviderInputsSchema = z.object({ timeouts: timeoutsSchema({ create: "60m", update: "10m", delete: "10m" }), ...sharedInputs("ic") });
type CacheProviderInputs = z.infer<typeof CacheProviderInputsSchema>;
type ImageCacheInputs = ImageCacheSpec & CacheProviderInputs;

/** Outputs that are not inputs. */
export const CACHE_OUTPUT_KEYS = ["status", "statusReason", "cachedImages", "usedBytes", "hourlyPrice", "version", "createdAt"];

export const IMAGE_CACHE_INPUTS = new ResourceInputs<ImageCacheSpec, CacheProviderInputs>({
  spec: ImageCacheSpecSchema,
  specKeys: Object.keys(ImageCacheSpecSchema.shape),
  own: CacheProviderInputsSchema,
  ownKeys: Object.keys(CacheProviderInputsSchema.shape),
  outputKeys: CACHE_OUTPUT_KEYS,
  autoname: "cache",
});

/**
 * The hooks of the ImageCache dynamic resource: create waits until the cache has pulled its images
 * (`available`); a cache that fails stays in the state with its reason so it can be replaced; name
 * and description change in place; anything else needs a new cache; delete waits until it is gone.
 */
export class ImageCacheProvider extends EngineProvider {
  async check(olds: Props, news: Props) {
    return IMAGE_CACHE_INPUTS.check(olds, news);
  }

  /** A cache that failed cannot be filled again: the next `up` replaces it, even with the same inputs. */
  async diff(id: string, olds: Props, news: Props) {
    const result = diffOf(changes(olds, news, this.changeContext(id)));
    if (olds.status === "failed" && !result.replaces.includes("images")) return { changes: true, replaces: ["images", ...result.replaces], deleteBeforeReplace: false };
    return result;
  }

  /** Creates the cache, or adopts `adoptId` (a cache of the same images, renamed as declared), and waits until it is available. */
  async create(inputs: Props) {
    const client = this.client(inputs);
    let cache: ImageCache;
    if (inputs.adoptId) {
      const { id, olds } = await adoptable(this, "image cache", inputs);
      cache = await this.apply(client, id, olds, inputs);
    } else {
      cache = await client.imageCaches.create(specOf(inputs));
    }
    return { id: cache.id, outs: outputsOf(inputs, await this.waitAvailable(client, cache, inputs as unknown as ImageCacheInputs)) };
  }

  async update(id: string, olds: Props, news: Props) {
    return { outs: outputsOf(news, await this.apply(this.client(news), id, olds, news)) };
  }

  async delete(id: string, props: Props) {
    const client = this.client(props);
    const observe = () => orNullIfMissing(client.imageCaches.get(id));
    const current = await observe();
    if (current === null) return;
    if (current.status !== "deleting") {
      await client.imageCaches.delete(id).catch((err: unknown) => {
        if (!hasCode(err, "not_found") && !hasCode(err, "invalid_state")) throw err;
      });
    }
    const timeoutMs = parseDuration((props as Partial<ImageCacheInputs>).timeouts?.delete ?? "10m") as number;
    await awaitConditions({ subject: `ImageCache ${String(props.name)} (${id})`, observe, conditions: [cacheGone], timeoutMs, onProgress: log });
  }

  async read(id: string, props: Props) {
    const cache = await orNullIfMissing(this.client(props).imageCaches.get(id));
    if (!cache) return {};
    const inputs = IMAGE_CACHE_INPUTS.fromEngine(cache, props);
    return { id, props: outputsOf(inputs, cache), inputs };
  }

  /** Only name and description reach here (the rest replaces); a `failed` cache is renamed all the same, on the version last read. */
  private async apply(client: EciClient, id: string, olds: Props, news: Props): Promise<ImageCache> {
    if (!kindsOf(changes(olds, news, this.changeContext(id))).has("metadata")) return client.imageCaches.get(id);
    const rename = (ifMatch: number | undefined) => client.imageCaches.update(id, specOf(news), { ifMatch });
    return withVersionRetry(`ImageCache ${String(news.name)} (${id})`, olds.version, rename, () => client.imageCaches.get(id));
  }

  private async waitAvailable(client: EciClient, cache: ImageCache, inputs: ImageCacheInputs): Promise<ImageCache> {
    try {
      return await awaitConditions({
        subject: `ImageCache ${cache.name} (${cache.id})`,
        observe: () => client.imageCaches.get(cache.id),
        conditions: [available],
        timeoutMs: parseDuration(inputs.timeouts.create) as number,
        onProgress: log,
      });
    } catch (err) {
      const last = ((err as { last?: ImageCache }).last ?? cache) as ImageCache;
      throw new ResourceInitError((err as Error).message, cache.id, outputsOf(inputs as unknown as Props, last));
    }
  }
}

function changes(olds: Props, news: Props, context: ChangeContext) {
  return changesBetween(IMAGE_CACHE_CHANGES, IMAGE_CACHE_INPUTS, olds, news, context);
}

function specOf(inputs: Props): ImageCacheSpec {
  return IMAGE_CACHE_INPUTS.split(inputs).spec as unknown as ImageCacheSpec;
}

/** Outputs: the inputs, and what the engine reports (status, and each image's digest and sizes). */
export function outputsOf(inputs: Props, cache: ImageCache): Props {
  return dropUndefined({ ...inputs, status: cache.status, statusReason: cache.statusReason, cachedImages: cache.cachedImages, usedBytes: cache.usedBytes, hourlyPrice: cache.hourlyPrice, version: cache.version, createdAt: cache.createdAt });
}
