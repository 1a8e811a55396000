import type { FastifyInstance } from "fastify";
import type { RegistryCredentialService } from "../services/registry-credential-service";

type IdParams = { id: string };

/** `/v1/registry-credentials`: ready at once (201), the password never in an answer. */
export function registryCredentialRoutes(app: FastifyInstance, credentials: RegistryCredentialService): void {
  const base = "/v1/registry-credentials";
  app.post(base, async (req, reply) => reply.code(201).send(await credentials.create(req.accountId, req.body)));
  app.get(base, async (req) => credentials.list(req.accountId));
  app.get<{ Params: IdParams }>(`${base}/:id`, async (req) => credentials.get(req.accountId, req.params.id));
  app.put<{ Params: IdParams }>(`${base}/:id`, async (req) => credentials.update(req.accountId, req.params.id, req.body));
  app.delete<{ Params: IdParams }>(`${base}/:id`, async (req, reply) => {
    credentials.delete(req.accountId, req.params.id);
    return reply.code(204).send();
  });
}
