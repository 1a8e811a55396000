import { type CachedImage, registryOf } from "@eci/sdk";
import { isoTime } from "../clock";
import { classifyPullError, describePullFailure } from "../runtime/pull-errors";
import type { CacheRecord } from "../store/cache-store";
import { formatDuration } from "./format-duration";
import type { ReconcilerDeps } from "./reconciler-deps";
import { TerminalError } from "./terminal-error";
import type { ReconcileResult } from "./work-queue";

/** The tag that pins a cache's image in the daemon, so nothing prunes it while the cache exists. */
export function pinTag(cacheId: string, index: number): { repo: string; tag: string; ref: string } {
  return { repo: `eci-cache/${cacheId}`, tag: String(index), ref: `eci-cache/${cacheId}:${index}` };
}

/**
 * Fills a new image cache: pulls each image with the credential for its registry, records its digest,
 * image id and sizes, pins it with a tag, and checks the unpacked total against `sizeGB`. A cache that
 * is `available` or `failed` needs nothing more until it is deleted, which removes the pins.
 */
export class CacheReconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  async reconcile(id: string, signal: AbortSignal): Promise<ReconcileResult> {
    const { store, clock, logger } = this.deps;
    const cache = store.caches.get(id);
    if (!cache) return {};
    if (cache.deleteRequested) {
      await this.unpin(cache);
      store.caches.markDeleted(id, isoTime(clock.now()));
      // The service stops billing when a user deletes a cache; a failed cache the engine deletes stops here.
      this.deps.usage.record("image-cache", id);
      logger.info({ cacheId: id }, "Deleted image cache");
      return {};
    }
    if (cache.status !== "creating") return {};
    logger.info({ cacheId: id, images: cache.spec.images.length }, "Filling image cache…");
    const remainingMs = Date.parse(cache.createdAt) + this.deps.config.cachePullTimeoutMs - clock.now();
    const timeout = AbortSignal.timeout(Math.max(1, remainingMs));
    try {
      const cachedImages = await this.fill(cache, AbortSignal.any([signal, timeout]));
      const usedBytes = cachedImages.reduce((sum, i) => sum + i.sizeBytes, 0);
      const capacity = cache.spec.sizeGB * this.deps.config.cacheGbBytes;
      if (usedBytes > capacity) {
        await this.unpin(cache);
        return this.fail(cache, `the images take ${gb(usedBytes, this.deps.config.cacheGbBytes)} GB unpacked, more than the cache's ${cache.spec.sizeGB} GB`, cachedImages);
      }
      store.caches.saveObserved(id, { status: "available", statusReason: null, cachedImages, failedAt: null }, isoTime(clock.now()));
      logger.info({ cacheId: id, usedBytes }, "Filled image cache");
      return {};
    } catch (err) {
      if (signal.aborted) throw err;
      if (timeout.aborted) return this.fail(cache, `pulling the images took over ${formatDuration(this.deps.config.cachePullTimeoutMs)}`, []);
      if (err instanceof TerminalError) return this.fail(cache, err.message, []);
      throw err;
    }
  }

  private async fill(cache: CacheRecord, signal: AbortSignal): Promise<CachedImage[]> {
    const { runtime } = this.deps;
    const cached: CachedImage[] = [];
    for (const [index, image] of cache.spec.images.entries()) {
      const registry = registryOf(image);
      const auth = cache.spec.registryCredentialIds.map((id) => this.deps.credentials.resolve(id)).find((a) => a?.serveraddress === registry);
      let downloadedBytes: number | null;
      try {
        ({ downloadedBytes } = await runtime.pullImage(image, signal, auth));
      } catch (err) {
        if (signal.aborted) throw err;
        throw new TerminalError(describePullFailure(classifyPullError(err), image, registry, (err as Error).message));
      }
      const info = await runtime.inspectImage(image);
      if (!info) throw new TerminalError(`image ${image} vanished right after it was pulled`);
      // The daemon's image store is shared: what the cache pulled with its credential stays the account's (SPEC §7).
      this.deps.store.imageAccess.recordPull({ imageId: info.id, reference: image, accountId: cache.accountId, withCredential: auth !== undefined }, isoTime(this.deps.clock.now()));
      const repo = image.replace(/@.*$/, "").replace(/:[^/:]+$/, "");
      const pin = pinTag(cache.id, index);
      await runtime.tagImage(info.id, pin.repo, pin.tag);
      cached.push({ image, digest: info.repoDigests.find((d) => d.startsWith(`${repo}@`))?.split("@")[1] ?? null, imageId: info.id, compressedSizeBytes: downloadedBytes, sizeBytes: info.sizeBytes });
    }
    return cached;
  }

  private fail(cache: CacheRecord, reason: string, cachedImages: CachedImage[]): ReconcileResult {
    const now = isoTime(this.deps.clock.now());
    this.deps.store.caches.saveObserved(cache.id, { status: "failed", statusReason: reason, cachedImages, failedAt: now }, now);
    this.deps.usage.record("image-cache", cache.id);
    this.deps.logger.warn({ cacheId: cache.id, reason }, "Failed to fill image cache");
    return {};
  }

  private async unpin(cache: CacheRecord): Promise<void> {
    await Promise.all(cache.spec.images.map((_, i) => this.deps.runtime.untagImage(pinTag(cache.id, i).ref)));
  }
}

function gb(bytes: number, unit: number): string {
  return (bytes / unit).toFixed(2);
}
