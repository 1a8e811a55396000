import { type ContainerGroupSpec, type ImageCache, ImageCacheSpecSchema, type ValidationIssue, validate } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import type { Quotas } from "../config";
import { EngineError } from "../errors";
import type { CacheRecord } from "../store/cache-store";
import type { Store } from "../store/store";
import type { Metering } from "./billing-service";
import type { Reconciliation } from "./group-service-deps";
import { newId } from "./ids";
import type { CacheLookup, CacheView } from "../reconcile/reconciler-deps";
import { quotaUsed } from "./quota-usage";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

/**
 * Image caches (SPEC §3): images pulled ahead of time and pinned in the daemon, so groups created later
 * start without pulling them. Only name and description change online; the rest needs a new cache.
 */
export class ImageCacheService implements CacheLookup {
  constructor(
    private readonly store: Store,
    private readonly reconciliation: Reconciliation,
    private readonly clock: Clock,
    /** The account's quota limits. */
    private readonly quotas: (accountId: string) => Quotas,
    private readonly metering: Metering,
  ) {}

  create(accountId: string, body: unknown): ImageCache {
    const spec = this.parse(accountId, body);
    const used = quotaUsed(this.store, accountId, "imageCaches");
    const limit = this.quotas(accountId).imageCaches;
    if (used >= limit) {
      throw new EngineError("quota_exceeded", `The account already has ${used} of its ${limit} image caches; delete one or ask the operator for a larger quota`, {
        quota: "imageCaches",
        limit,
        used,
      });
    }
    const now = isoTime(this.clock.now());
    const record: CacheRecord = { id: newId("ic"), accountId, spec, status: "creating", statusReason: null, cachedImages: [], deleteRequested: false, failedAt: null, version: FIRST_VERSION, createdAt: now, updatedAt: now };
    this.store.caches.insert(record);
    this.metering.record("image-cache", record.id);
    this.reconciliation.enqueue(record.id);
    return this.view(record);
  }

  list(accountId: string): { items: ImageCache[]; total: number } {
    const items = this.store.caches.list(accountId).map((c) => this.view(c));
    return { items, total: items.length };
  }

  get(accountId: string, id: string): ImageCache {
    return this.view(this.find(accountId, id));
  }

  /** Renames or re-describes the cache; any other change is refused, as it needs a new cache. `ifMatch`: see `ContainerGroupService.update`. */
  update(accountId: string, id: string, body: unknown, ifMatch?: number): ImageCache {
    const current = this.find(accountId, id);
    checkVersion(`Image cache ${id}`, ifMatch, current.version);
    const spec = this.parse(accountId, body);
    const changed = (["images", "registryCredentialIds", "sizeGB"] as const).filter((k) => JSON.stringify(spec[k]) !== JSON.stringify(current.spec[k]));
    if (changed.length > 0) {
      throw new EngineError(
        "immutable_field",
        `${changed.join(", ")} of an image cache cannot change; create a new cache instead`,
        changed.map((path) => ({ path, rule: "immutable", value: spec[path], message: "cannot change" })),
      );
    }
    ensureWritten(this.store.caches.rename(id, spec.name, spec.description, isoTime(this.clock.now()), ifMatch), `Image cache ${id}`, ifMatch, () => this.store.caches.get(id));
    return this.get(accountId, id);
  }

  /** Unpins the images; groups already running keep theirs. */
  delete(accountId: string, id: string, ifMatch?: number): ImageCache {
    const cache = this.find(accountId, id);
    checkVersion(`Image cache ${id}`, ifMatch, cache.version);
    if (cache.deleteRequested) throw EngineError.invalidState(`Image cache ${id}`, "deleting", "deleting it");
    ensureWritten(this.store.caches.requestDelete(id, isoTime(this.clock.now()), ifMatch), `Image cache ${id}`, ifMatch, () => this.store.caches.get(id));
    this.metering.record("image-cache", id);
    this.reconciliation.interrupt(id);
    this.reconciliation.enqueue(id);
    return this.get(accountId, id);
  }

  /** The cache a group takes images from: the one it names, or with auto-match an available one holding all its images. */
  forGroup(accountId: string, spec: ContainerGroupSpec): CacheView | undefined {
    const available = (c: CacheRecord) => c.status === "available" && !c.deleteRequested && c.accountId === accountId;
    const view = (c: CacheRecord): CacheView => ({ id: c.id, images: new Map(c.cachedImages.map((i) => [i.image, i.imageId])) });
    if (spec.imageCacheId) {
      const named = this.store.caches.get(spec.imageCacheId);
      return named && available(named) ? view(named) : undefined;
    }
    if (!spec.autoMatchImageCache) return undefined;
    const wanted = spec.containers.map((c) => c.image);
    const match = this.store.caches
      .list(accountId)
      .filter(available)
      .reverse()
      .find((c) => wanted.every((image) => c.cachedImages.some((i) => i.image === image)));
    return match && view(match);
  }

  /** Issues for a group spec naming a cache the account does not have. */
  checkReference(accountId: string, imageCacheId: string | undefined): ValidationIssue[] {
    if (!imageCacheId) return [];
    const cache = this.store.caches.get(imageCacheId);
    return cache && cache.accountId === accountId ? [] : [{ path: "imageCacheId", rule: "exists", value: imageCacheId, message: "no such image cache" }];
  }

  private parse(accountId: string, body: unknown) {
    const result = validate(ImageCacheSpecSchema, body);
    if (!result.ok) throw EngineError.validation(result.issues);
    const issues = result.value.registryCredentialIds.flatMap((id, i) => {
      const credential = this.store.credentials.get(id);
      return credential && credential.accountId === accountId ? [] : [{ path: `registryCredentialIds[${i}]`, rule: "exists", value: id, message: "no such registry credential" }];
    });
    if (issues.length > 0) throw EngineError.validation(issues);
    return result.value;
  }

  private view(c: CacheRecord): ImageCache {
    return toImageCache(c, this.metering.hourlyPrice(c.id));
  }

  private find(accountId: string, id: string): CacheRecord {
    const cache = this.store.caches.get(id);
    if (!cache || cache.accountId !== accountId) throw EngineError.notFound("Image cache", id);
    return cache;
  }
}

export function toImageCache(c: CacheRecord, hourlyPrice: number): ImageCache {
  return {
    id: c.id,
    ...c.spec,
    status: c.deleteRequested ? "deleting" : c.status,
    statusReason: c.statusReason,
    cachedImages: c.cachedImages,
    usedBytes: c.cachedImages.reduce((sum, i) => sum + i.sizeBytes, 0),
    hourlyPrice,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
