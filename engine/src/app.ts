import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { EngineError } from "./errors";
import { containerGroupRoutes } from "./routes/container-groups";
import { crudRoutes } from "./routes/crud-routes";
import type { AccountService } from "./services/account-service";
import type { ContainerGroupService } from "./services/container-group-service";
import type { DiskService } from "./services/disk-service";
import type { EipService } from "./services/eip-service";
import type { SecurityGroupService } from "./services/security-group-service";
import type { VpcService } from "./services/vpc-service";
import type { VxnetService } from "./services/vxnet-service";
import type { RegistryCredentialService } from "./services/registry-credential-service";
import { imageCacheRoutes } from "./routes/image-caches";
import type { ImageCacheService } from "./services/image-cache-service";

declare module "fastify" {
  interface FastifyRequest {
    accountId: string;
  }
}

export interface AppServices {
  accounts: AccountService;
  groups: ContainerGroupService;
  credentials: RegistryCredentialService;
  caches: ImageCacheService;
  disks: DiskService;
  eips: EipService;
  vpcs: VpcService;
  vxnets: VxnetService;
  securityGroups: SecurityGroupService;
}

/** The HTTP API (SPEC §7) as a fastify instance that does not listen: `main.ts` listens, tests `inject()`. */
export function buildApp(services: AppServices, options: { logger?: FastifyBaseLogger } = {}): FastifyInstance {
  const app = options.logger ? (Fastify({ loggerInstance: options.logger, return503OnClosing: true }) as unknown as FastifyInstance) : Fastify({ logger: false, return503OnClosing: true });
  app.decorateRequest("accountId", "");

  app.addHook("onRequest", async (req) => {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const accountId = match ? services.accounts.authenticate(match[1]) : undefined;
    if (!accountId) {
      throw new EngineError("unauthorized", match ? "The access key is not valid" : "Send the access key as 'Authorization: Bearer <key>'");
    }
    req.accountId = accountId;
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof EngineError) {
      return reply.code(err.statusCode).send({ code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) });
    }
    if (isDockerUnreachable(err)) {
      req.log.error({ err }, "Failed to reach the Docker daemon");
      return reply.code(503).send({ code: "runtime_unavailable", message: "The container runtime is not reachable; retry once it is back" });
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(400).send({ code: "malformed_request", message: `Malformed request: ${(err as Error).message}` });
    }
    req.log.error({ err, method: req.method, url: req.url }, "Failed to handle request");
    return reply.code(500).send({ code: "internal", message: `The engine failed to handle the request; its log has the details (request ${req.id})` });
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send({ code: "not_found", message: `No such endpoint: ${req.method} ${req.url.split("?")[0]}` }));

  containerGroupRoutes(app, services.groups);
  imageCacheRoutes(app, services.caches);
  crudRoutes(app, "/v1/registry-credentials", services.credentials);
  crudRoutes(app, "/v1/disks", services.disks);
  crudRoutes(app, "/v1/eips", services.eips);
  crudRoutes(app, "/v1/vpcs", services.vpcs);
  crudRoutes(app, "/v1/vxnets", services.vxnets);
  crudRoutes(app, "/v1/security-groups", services.securityGroups);
  return app;
}

/** Connection errors on the way to the daemon (socket missing, refused), as opposed to answers from it. */
export function isDockerUnreachable(err: unknown): boolean {
  const e = err as { code?: string; syscall?: string };
  return e?.syscall === "connect" && ["ENOENT", "ECONNREFUSED", "EACCES", "ETIMEDOUT"].includes(e.code ?? "");
}
