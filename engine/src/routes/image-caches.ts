import type { FastifyInstance } from "fastify";
import type { ImageCacheService } from "../services/image-cache-service";

type IdParams = { id: string };

/** `/v1/image-caches`: created asynchronously (202, `creating`). */
export function imageCacheRoutes(app: FastifyInstance, caches: ImageCacheService): void {
  const base = "/v1/image-caches";
  app.post(base, async (req, reply) => reply.code(202).send(caches.create(req.accountId, req.body)));
  app.get(base, async (req) => caches.list(req.accountId));
  app.get<{ Params: IdParams }>(`${base}/:id`, async (req) => caches.get(req.accountId, req.params.id));
  app.put<{ Params: IdParams }>(`${base}/:id`, async (req) => caches.update(req.accountId, req.params.id, req.body));
  app.delete<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => reply.code(202).send(caches.delete(req.accountId, req.params.id)));
}
