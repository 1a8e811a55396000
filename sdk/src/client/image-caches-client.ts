import { type ImageCache, ImageCacheListSchema, ImageCacheSchema, type ImageCacheSpecInput } from "../schemas/image-cache";
import { type HttpClient, writeHeaders } from "./http-client";
import type { WriteOptions } from "./resource-client";

/** `/v1/image-caches`. A cache is filled asynchronously: create answers `creating`, then it becomes `available` or `failed`. */
export class ImageCachesClient {
  constructor(private readonly http: HttpClient) {}

  async create(spec: ImageCacheSpecInput): Promise<ImageCache> {
    return (await this.http.request("post", "/v1/image-caches", { body: spec, schema: ImageCacheSchema })).data;
  }

  async list(): Promise<{ items: ImageCache[]; total: number }> {
    return (await this.http.request("get", "/v1/image-caches", { schema: ImageCacheListSchema })).data;
  }

  async get(id: string): Promise<ImageCache> {
    return (await this.http.request("get", `/v1/image-caches/${encodeURIComponent(id)}`, { schema: ImageCacheSchema })).data;
  }

  /** Renames or re-describes the cache; changing its images, credentials or size answers `immutable_field`; a stale `ifMatch`, `version_conflict`. */
  async update(id: string, spec: ImageCacheSpecInput, options: WriteOptions = {}): Promise<ImageCache> {
    return (await this.http.request("put", `/v1/image-caches/${encodeURIComponent(id)}`, { body: spec, schema: ImageCacheSchema, headers: writeHeaders(options) })).data;
  }

  /** Starts the deletion (`deleting`); groups already running keep their images. A stale `ifMatch` rejects with `version_conflict`. */
  async delete(id: string, options: WriteOptions = {}): Promise<ImageCache> {
    return (await this.http.request("delete", `/v1/image-caches/${encodeURIComponent(id)}`, { schema: ImageCacheSchema, headers: writeHeaders(options) })).data;
  }
}
