import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { validate } from "@eci/sdk";
import { EngineError } from "../errors";
import type { ContainerGroupService } from "../services/container-group-service";
import { ifMatchOf, sendVersioned } from "./if-match";

export const BooleanParam = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const LogQuerySchema = z.strictObject({
  tail: z.coerce.number().int().min(0).optional(),
  since: z
    .string()
    .refine((v) => /^\d+$/.test(v) || !Number.isNaN(Date.parse(v)), "must be unix seconds or an RFC 3339 time")
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : Math.floor(Date.parse(v) / 1000)))
    .optional(),
  follow: BooleanParam.optional(),
  timestamps: BooleanParam.optional(),
});

type IdParams = { id: string };

/** `/v1/container-groups`: thin handlers over the service. */
export function containerGroupRoutes(app: FastifyInstance, groups: ContainerGroupService): void {
  const base = "/v1/container-groups";

  app.post(base, async (req, reply) => {
    const group = groups.create(req.accountId, req.body);
    // A claim from a standby pool is running at once; an ordinary create settles later.
    return reply.code(group.status === "running" ? 201 : 202).send(group);
  });

  app.get<{ Querystring: Record<string, unknown> }>(base, async (req) => groups.list(req.accountId, { status: req.query.status, label: req.query.label }));

  app.get<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => sendVersioned(reply, groups.get(req.accountId, req.params.id)));

  app.put<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => {
    const { group, accepted } = groups.update(req.accountId, req.params.id, req.body, ifMatchOf(req));
    return sendVersioned(reply, group, accepted ? 202 : 200);
  });

  app.post<{ Params: IdParams }>(`${base}/:id/restart`, async (req, reply) => reply.code(202).send(groups.restart(req.accountId, req.params.id)));

  app.delete<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => reply.code(202).send(groups.delete(req.accountId, req.params.id, ifMatchOf(req))));

  app.get<{ Params: IdParams }>(`${base}/:id/events`, async (req) => groups.events(req.accountId, req.params.id));

  app.get<{ Params: IdParams & { name: string }; Querystring: Record<string, unknown> }>(`${base}/:id/containers/:name/logs`, async (req, reply) => {
    const query = validate(LogQuerySchema, req.query);
    if (!query.ok) throw EngineError.validation(query.issues);
    const { tail, since, follow, timestamps } = query.value;
    const stream = await groups.logs(req.accountId, req.params.id, req.params.name, { tail, sinceSeconds: since, follow, timestamps });
    req.raw.on("close", () => stream.destroy());
    return reply.type("text/plain; charset=utf-8").send(stream);
  });
}
