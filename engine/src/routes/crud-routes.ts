import type { FastifyInstance } from "fastify";
import { ifMatchOf, sendVersioned } from "./if-match";

type IdParams = { id: string };
type Versioned = { version: number };

/**
 * What the routes of a resource that is ready at once call (disks, credentials, EIPs, VPCs, vxnets,
 * security groups). `ifMatch` is the version the request's `If-Match` names, if any.
 */
interface CrudService {
  create(accountId: string, body: unknown): unknown;
  list(accountId: string): unknown;
  get(accountId: string, id: string): Versioned;
  update(accountId: string, id: string, body: unknown, ifMatch?: number): Versioned | Promise<Versioned>;
  delete(accountId: string, id: string, ifMatch?: number): unknown;
}

/** `base` for a resource that is ready at once: 201 on create, 204 on delete. */
export function crudRoutes(app: FastifyInstance, base: string, service: CrudService): void {
  app.post(base, async (req, reply) => reply.code(201).send(await service.create(req.accountId, req.body)));
  app.get(base, async (req) => service.list(req.accountId));
  app.get<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => sendVersioned(reply, service.get(req.accountId, req.params.id)));
  app.put<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => sendVersioned(reply, await service.update(req.accountId, req.params.id, req.body, ifMatchOf(req))));
  app.delete<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => {
    await service.delete(req.accountId, req.params.id, ifMatchOf(req));
    return reply.code(204).send();
  });
}
