import { type ImageCache, ImageCacheListSchema, ImageCacheSchema, type ImageCacheSpecInput } from "../schemas/image-cache";
import type { HttpClient } from "./http-client";

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

  /** Renames or re-describes the cache; changing its images, credentials or size answers `immutable_field`. */
  async update(id: string, spec: ImageCacheSpecInput): Promise<ImageCache> {
    return (await this.http.request("put", `/v1/image-caches/${encodeURIComponent(id)}`, { body: spec, schema: ImageCacheSchema })).data;
  }

  /** Starts the deletion (`deleting`); groups already running keep their images. */
  async delete(id: string): Promise<ImageCache> {
    return (await this.http.request("delete", `/v1/image-caches/${encodeURIComponent(id)}`, { schema: ImageCacheSchema })).data;
  }
}
