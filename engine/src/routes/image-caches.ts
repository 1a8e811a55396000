import type { FastifyInstance } from "fastify";
import type { ImageCacheService } from "../services/image-cache-service";
import { ifMatchOf, sendVersioned } from "./if-match";

type IdParams = { id: string };

/** `/v1/image-caches`: created asynchronously (202, `creating`). */
export function imageCacheRoutes(app: FastifyInstance, caches: ImageCacheService): void {
  const base = "/v1/image-caches";
  app.post(base, async (req, reply) => reply.code(202).send(caches.create(req.accountId, req.body)));
  app.get(base, async (req) => caches.list(req.accountId));
  app.get<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => sendVersioned(reply, caches.get(req.accountId, req.params.id)));
  app.put<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => sendVersioned(reply, caches.update(req.accountId, req.params.id, req.body, ifMatchOf(req))));
  app.delete<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => reply.code(202).send(caches.delete(req.accountId, req.params.id, ifMatchOf(req))));
}
