import type { FastifyInstance } from "fastify";
import type { DiskService } from "../services/disk-service";

type IdParams = { id: string };

/** `/v1/disks`: ready at once (201); deleted at once (204), unless a group holds the disk (409). */
export function diskRoutes(app: FastifyInstance, disks: DiskService): void {
  const base = "/v1/disks";
  app.post(base, async (req, reply) => reply.code(201).send(await disks.create(req.accountId, req.body)));
  app.get(base, async (req) => disks.list(req.accountId));
  app.get<{ Params: IdParams }>(`${base}/:id`, async (req) => disks.get(req.accountId, req.params.id));
  app.put<{ Params: IdParams }>(`${base}/:id`, async (req) => disks.update(req.accountId, req.params.id, req.body));
  app.delete<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => {
    await disks.delete(req.accountId, req.params.id);
    return reply.code(204).send();
  });
}
