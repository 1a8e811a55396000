import type { FastifyInstance } from "fastify";
import type { AccountService } from "../services/account-service";

/** The caller's own account: `/v1/access-keys` (rotate keys without downtime) and `/v1/quotas`. */
export function accountRoutes(app: FastifyInstance, accounts: AccountService): void {
  app.post("/v1/access-keys", async (req, reply) => reply.code(201).send(accounts.createKey(req.accountId, req.body)));
  app.get("/v1/access-keys", async (req) => accounts.listKeys(req.accountId, req.accessKeyId));
  app.delete<{ Params: { id: string } }>("/v1/access-keys/:id", async (req, reply) => {
    accounts.deleteKey(req.accountId, req.params.id);
    return reply.code(204).send();
  });
  app.get("/v1/quotas", async (req) => accounts.quotas(req.accountId));
}
