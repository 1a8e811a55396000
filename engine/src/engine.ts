import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Server as TlsServer } from "node:tls";
import Docker from "dockerode";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { buildApp, isDockerUnreachable } from "./app";
import { type Clock, systemClock } from "./clock";
import type { EngineConfig } from "./config";
import { type Logger, silentLogger } from "./logger";
import { MetricHistory } from "./metrics/metric-history";
import { MetricsSampler } from "./metrics/metrics-sampler";
import { Forwarding } from "./network/forwarding";
import { RateLimiter } from "./rate-limit/rate-limiter";
import { PoolReconciler } from "./reconcile/pool-reconciler";
import { ReconcileLoop } from "./reconcile/reconcile-loop";
import { prepareConfigVolumes } from "./reconcile/volume-mounts";
import type { ContainerRuntime } from "./runtime/container-runtime";
import { DockerContainerRuntime } from "./runtime/docker-container-runtime";
import { LoopExt4DiskBacking } from "./runtime/loop-ext4-disk-backing";
import { chooseStatsSource } from "./runtime/choose-stats-source";
import type { StatsSource } from "./runtime/stats-source";
import { AccountService } from "./services/account-service";
import { BillingService } from "./services/billing-service";
import { ContainerGroupService } from "./services/container-group-service";
import { DiskService } from "./services/disk-service";
import { EipService } from "./services/eip-service";
import { GroupPlacement } from "./services/group-placement";
import { MetricsService } from "./services/metrics-service";
import { SecurityGroupService } from "./services/security-group-service";
import { StandbyPoolService } from "./services/standby-pool-service";
import { VpcService } from "./services/vpc-service";
import { VxnetService } from "./services/vxnet-service";
import { ImageCacheService } from "./services/image-cache-service";
import { RegistryCredentialService } from "./services/registry-credential-service";
import { SecretBox } from "./secrets/secret-box";
import { newId } from "./services/ids";
import { SqliteStore } from "./store/sqlite-store";
import type { GroupRecord, Store } from "./store/store";
import { watchTlsFiles } from "./tls-reload";

/** How often standby pools are checked for pooled groups that ended (pool changes and claims refill at once). */
const POOL_SWEEP_MS = 15_000;

export interface EngineOptions {
  logger?: Logger;
  /** A pino logger for HTTP requests; none by default. */
  httpLogger?: FastifyBaseLogger;
  docker?: Docker;
  clock?: Clock;
}

/** The whole engine wired together: store, Docker runtime, reconcile loop and HTTP API. */
export class Engine {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly runtime: ContainerRuntime;
  readonly loop: ReconcileLoop;
  /** Keeps standby pools full. */
  readonly pools: PoolReconciler;
  /** The network data path: EIP port forwarding, security groups, what VPCs reach. */
  readonly forwarding: Forwarding;
  readonly engineId: string;
  /** Serves a renewed TLS certificate: on a change of its files, or when asked (SIGHUP). */
  private tlsFiles?: { reload: () => void; stop: () => void };
  private readonly logger: Logger;
  private readonly accounts: AccountService;
  private readonly billing: BillingService;
  private readonly sampler: MetricsSampler;
  private readonly disks: DiskService;
  private readonly statsSource: () => Promise<StatsSource>;
  /** Gives VPCs back the networks an engine killed half-way through a create or delete left them without. */
  private readonly restoreVpcNetworks: () => Promise<void>;

  constructor(
    readonly config: EngineConfig,
    options: EngineOptions = {},
  ) {
    const logger = (this.logger = options.logger ?? silentLogger);
    const clock = options.clock ?? systemClock;
    mkdirSync(config.dataDir, { recursive: true });
    this.store = new SqliteStore(path.join(config.dataDir, "engine.db"), clock);
    this.engineId = this.store.getSetting("engine_id") ?? this.createEngineId();
    const docker = options.docker ?? new Docker();
    this.runtime = new DockerContainerRuntime(docker, this.engineId, logger, config.sandboxImage, config.stopGraceMs);
    // One key seals every secret at rest: registry passwords and secureEnv values.
    const box = SecretBox.open(path.join(config.dataDir, "secret.key"));
    const credentials = new RegistryCredentialService(this.store, box, this.runtime, clock);
    const billing = (this.billing = new BillingService(this.store, clock, config.prices));
    // The cache service queues caches on the loop, and the loop asks it which cache serves a group.
    const reconciliation = { enqueue: (id: string) => this.loop.enqueue(id), interrupt: (id: string) => this.loop.interrupt(id) };
    const accounts = (this.accounts = new AccountService(this.store, logger, config.quotas, clock));
    const limits = (accountId: string) => accounts.limits(accountId);
    const caches = new ImageCacheService(this.store, reconciliation, clock, limits, billing);
    this.forwarding = new Forwarding(this.store, logger, this.engineId);
    const loop = (this.loop = new ReconcileLoop({ store: this.store, runtime: this.runtime, clock, config, logger, credentials, caches, usage: billing, forwarding: this.forwarding, secrets: box }));
    const disks = (this.disks = new DiskService(this.store, this.runtime, clock, billing, new LoopExt4DiskBacking(path.resolve(config.dataDir, "disks"), logger), logger));
    const refresh = () => void this.forwarding.refresh();
    const eips = new EipService(this.store, clock, config.eipPool, billing);
    const securityGroups = new SecurityGroupService(this.store, clock, refresh, billing);
    const vpcs = new VpcService(this.store, this.runtime, clock, eips, securityGroups, refresh, billing);
    this.restoreVpcNetworks = () => vpcs.restoreNetworks((vpcId, err) => logger.warn({ vpcId, err }, "Failed to restore the network of a VPC"));
    const vxnets = new VxnetService(this.store, clock);
    const placement = new GroupPlacement(vxnets, eips, securityGroups);
    const standby = {
      writeConfigFiles: (g: GroupRecord) => prepareConfigVolumes(config.dataDir, g.id, g.spec, g.configBasis),
      refill: (poolId: string) => this.pools.refill(poolId),
    };
    const groups = new ContainerGroupService(this.store, loop, this.runtime, clock, limits, { credentials, caches, disks, placement }, billing, box, standby);
    this.pools = new PoolReconciler(this.store, groups, logger, POOL_SWEEP_MS);
    const standbyPools = new StandbyPoolService(this.store, clock, groups, standby.refill, billing);
    const history = new MetricHistory(this.store.metrics, clock);
    this.sampler = new MetricsSampler(history, () => this.store.listGroupIds(), clock, logger);
    this.statsSource = () => chooseStatsSource(docker, this.engineId, clock, logger);
    const metrics = new MetricsService(groups, history, this.sampler);
    this.app = buildApp({ accounts: this.accounts, groups, credentials, caches, disks, eips, vpcs, vxnets, securityGroups, standbyPools, billing, metrics }, { logger: options.httpLogger, https: config.tls, rateLimiter: new RateLimiter(config.rateLimit, clock), consoleDir: config.consoleDir });
  }

  private createEngineId(): string {
    const id = newId("eng");
    this.store.setSetting("engine_id", id);
    return id;
  }

  /** Reads the TLS certificate and key files again now (SIGHUP), as a change of them does. */
  reloadTls(): void {
    this.tlsFiles?.reload();
  }

  /** Prepares Docker (the sandbox image), the first account, and adopts every existing group. */
  async start(): Promise<void> {
    this.accounts.ensureFirstAccount(this.config.dataDir);
    this.billing.recordAll();
    try {
      await this.runtime.prepare();
    } catch (err) {
      if (!isDockerUnreachable(err)) throw err;
      throw new Error(`Cannot reach the Docker daemon (${process.env.DOCKER_HOST ?? "/var/run/docker.sock"}): ${(err as Error).message}. Start it, or set DOCKER_HOST.`);
    }
    await this.app.ready();
    if (this.config.tls) this.tlsFiles = watchTlsFiles(this.app.server as unknown as TlsServer, this.config.tls, this.logger);
    await this.restoreVpcNetworks();
    await this.disks.restore();
    await this.forwarding.start(this.config.resyncIntervalMs);
    await this.loop.start();
    this.pools.start();
    this.sampler.start(await this.statsSource(), this.config.metricsIntervalMs);
  }

  /**
   * Stops taking requests, lets reconcile passes in flight finish, stops the userland forwarder (kernel
   * rules stay), lets go of the disks' mounts, closes the store. Containers keep running, and the disks they use.
   */
  async close(): Promise<void> {
    this.tlsFiles?.stop();
    await this.app.close();
    await this.sampler.stop();
    this.pools.stop();
    await this.loop.stop();
    await this.forwarding.close();
    await this.disks.release();
    this.store.close();
  }
}
