import websocket from "@fastify/websocket";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { keyFromProtocols, pickExecProtocol } from "@eci/sdk";
import { EngineError } from "./errors";
import { frameworkErrors } from "./framework-errors";
import { BODY_LIMIT_BYTES, bodyTooLarge, registerJsonBodyParser } from "./json-body-parser";
import { accountRoutes } from "./routes/accounts";
import { billingRoutes } from "./routes/billing";
import { bundledConsoleDir, consoleFiles, isConsoleRequest } from "./routes/console-files";
import { containerGroupRoutes } from "./routes/container-groups";
import { crudRoutes } from "./routes/crud-routes";
import { execRoutes } from "./routes/exec";
import { metricsRoutes } from "./routes/metrics";
import { rateLimitHook } from "./rate-limit/rate-limit-hook";
import type { RateLimiter } from "./rate-limit/rate-limiter";
import type { AccountService } from "./services/account-service";
import type { BillingService } from "./services/billing-service";
import type { ContainerGroupService } from "./services/container-group-service";
import type { DiskService } from "./services/disk-service";
import type { EipService } from "./services/eip-service";
import type { MetricsService } from "./services/metrics-service";
import type { SecurityGroupService } from "./services/security-group-service";
import type { StandbyPoolService } from "./services/standby-pool-service";
import type { VpcService } from "./services/vpc-service";
import type { VxnetService } from "./services/vxnet-service";
import type { RegistryCredentialService } from "./services/registry-credential-service";
import { imageCacheRoutes } from "./routes/image-caches";
import type { ImageCacheService } from "./services/image-cache-service";
import type { TlsKeyPair } from "./tls-settings";

/** A route of the API: its method and URL pattern (`/v1/container-groups/:id`). */
export interface ApiRoute {
  method: string;
  url: string;
}

declare module "fastify" {
  interface FastifyInstance {
    apiRoutes: ApiRoute[];
  }
  interface FastifyRequest {
    accountId: string;
    /** The access key (`ak-…`) the request came with. */
    accessKeyId: string;
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
  standbyPools: StandbyPoolService;
  billing: BillingService;
  metrics: MetricsService;
}

/** The HTTP API (SPEC §7) as a fastify instance that does not listen: `main.ts` listens, tests `inject()`. */
export function buildApp(
  services: AppServices,
  options: { logger?: FastifyBaseLogger; https?: TlsKeyPair; rateLimiter?: RateLimiter; /** The console's built files; the @eci/console package's by default. */ consoleDir?: string } = {},
): FastifyInstance {
  // With a key pair the server speaks HTTPS, and so WSS for the terminal.
  const server = { return503OnClosing: true, bodyLimit: BODY_LIMIT_BYTES, frameworkErrors, logController: new LogController({ disableRequestLogging: true }), ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}) };
  const app = (options.logger ? Fastify({ ...server, loggerInstance: options.logger }) : Fastify({ ...server, logger: false })) as unknown as FastifyInstance;
  // Every route, as registered: tests read it to prove that each one keeps accounts apart.
  const routes: ApiRoute[] = [];
  app.decorate("apiRoutes", routes);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) if (method !== "HEAD") routes.push({ method, url: route.url });
  });
  app.decorateRequest("accountId", "");
  app.decorateRequest("accessKeyId", "");
  registerJsonBodyParser(app);

  app.addHook("onRequest", async (req) => {
    // The console (what the API does not route, outside /v1) needs no key: its page asks for one.
    if (req.is404 && isConsoleRequest(req)) return;
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    // A browser cannot set headers on a WebSocket: the terminal also takes the key as a subprotocol.
    const key = match?.[1] ?? keyFromProtocols(req.headers["sec-websocket-protocol"]);
    const identity = key ? services.accounts.authenticate(key) : undefined;
    if (!identity) {
      throw new EngineError("unauthorized", key ? "The access key is not valid" : "Send the access key as 'Authorization: Bearer <key>'");
    }
    req.accountId = identity.accountId;
    req.accessKeyId = identity.keyId;
  });
  // After authentication, so only valid keys spend tokens (SPEC §7 "Rate limits").
  if (options.rateLimiter) app.addHook("onRequest", rateLimitHook(options.rateLimiter));

  // One line per request, in place of fastify's two: writes and terminals at info, reads (the console's polls) at debug.
  app.addHook("onResponse", async (req, reply) => {
    const level = req.method === "GET" && req.headers.upgrade === undefined ? "debug" : "info";
    req.log[level]({ accountId: req.accountId || undefined, ms: Math.round(reply.elapsedTime * 10) / 10 }, `${req.method} ${req.url} ${reply.statusCode}`);
  });
  // A refused WebSocket (a bad key, a container that is not running) is answered over the connection
  // that asked for the upgrade: close it after the answer, or it lingers and holds the server open.
  app.addHook("onResponse", async (req) => {
    if (req.headers.upgrade?.toLowerCase() === "websocket") req.raw.socket.destroy();
  });

  app.setErrorHandler((err, req, reply) => {
    // fastify's own 413 names no limit: answer the contract's payload_too_large instead.
    if ((err as { code?: string }).code === "FST_ERR_CTP_BODY_TOO_LARGE") err = bodyTooLarge(req);
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

  const serveConsole = consoleFiles(options.consoleDir ?? bundledConsoleDir());
  app.setNotFoundHandler((req, reply) =>
    isConsoleRequest(req) ? serveConsole(req, reply) : reply.code(404).send({ code: "not_found", message: `No such endpoint: ${req.method} ${req.url.split("?")[0]}` }),
  );

  // The terminal's WebSocket picks the newest Kubernetes exec protocol the client offers.
  app.register(websocket, { options: { handleProtocols: (offered) => pickExecProtocol(offered) ?? false } });
  app.register(async (scope) => execRoutes(scope, services.groups));
  accountRoutes(app, services.accounts);
  containerGroupRoutes(app, services.groups);
  metricsRoutes(app, services.metrics);
  imageCacheRoutes(app, services.caches);
  crudRoutes(app, "/v1/registry-credentials", services.credentials);
  crudRoutes(app, "/v1/disks", services.disks);
  crudRoutes(app, "/v1/eips", services.eips);
  crudRoutes(app, "/v1/vpcs", services.vpcs);
  crudRoutes(app, "/v1/vxnets", services.vxnets);
  crudRoutes(app, "/v1/security-groups", services.securityGroups);
  crudRoutes(app, "/v1/standby-pools", services.standbyPools);
  billingRoutes(app, services.billing);
  return app;
}

/** Connection errors on the way to the daemon (socket missing, refused), as opposed to answers from it. */
export function isDockerUnreachable(err: unknown): boolean {
  const e = err as { code?: string; syscall?: string };
  return e?.syscall === "connect" && ["ENOENT", "ECONNREFUSED", "EACCES", "ETIMEDOUT"].includes(e.code ?? "");
}
