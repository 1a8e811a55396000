import type { FastifyInstance } from "fastify";

type IdParams = { id: string };

/** What the routes of a resource that is ready at once call (disks, credentials, EIPs, VPCs, vxnets, security groups). */
interface CrudService {
  create(accountId: string, body: unknown): unknown;
  list(accountId: string): unknown;
  get(accountId: string, id: string): unknown;
  update(accountId: string, id: string, body: unknown): unknown;
  delete(accountId: string, id: string): unknown;
}

/** `base` for a resource that is ready at once: 201 on create, 204 on delete. */
export function crudRoutes(app: FastifyInstance, base: string, service: CrudService): void {
  app.post(base, async (req, reply) => reply.code(201).send(await service.create(req.accountId, req.body)));
  app.get(base, async (req) => service.list(req.accountId));
  app.get<{ Params: IdParams }>(`${base}/:id`, async (req) => service.get(req.accountId, req.params.id));
  app.put<{ Params: IdParams }>(`${base}/:id`, async (req) => service.update(req.accountId, req.params.id, req.body));
  app.delete<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => {
    await service.delete(req.accountId, req.params.id);
    return reply.code(204).send();
  });
}
