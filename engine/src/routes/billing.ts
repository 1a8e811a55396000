import type { FastifyInstance } from "fastify";
import type { BillingService } from "../services/billing-service";

/** `GET /v1/billing?from&to`: the caller's account's bill. */
export function billingRoutes(app: FastifyInstance, billing: BillingService): void {
  app.get("/v1/billing", async (req) => billing.bill(req.accountId, req.query));
}
