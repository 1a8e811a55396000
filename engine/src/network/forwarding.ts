import type { Logger } from "../logger";
import type { Store } from "../store/store";
import type { DataPath } from "./data-path";
import { IptablesDataPath, iptablesUnavailable } from "./iptables-data-path";
import { readNetworkState } from "./network-state";
import { UserlandDataPath } from "./userland-data-path";

/**
 * The engine's network data path, following the store: EIP port forwarding, security groups, and what
 * VPCs may reach. It is chosen at start: kernel rules where the engine may change them (root, iptables,
 * Docker's chains), else the userland forwarder.
 */
export class Forwarding {
  private dataPath: DataPath | undefined;
  private verifyTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly engineId: string,
  ) {}

  /**
   * Chooses the data path and makes it carry what the store says, before any group is reconciled; then,
   * every `verifyIntervalMs`, puts back what someone else changed, as kube-proxy resyncs its rules.
   */
  async start(verifyIntervalMs: number): Promise<void> {
    const unavailable = iptablesUnavailable();
    const dataPath = unavailable === undefined ? new IptablesDataPath(this.engineId, this.logger) : new UserlandDataPath(this.logger);
    this.dataPath = dataPath;
    this.logger.info({ reason: unavailable }, `Network data path: ${dataPath.description}`);
    await dataPath.verify(() => readNetworkState(this.store));
    this.verifyTimer = setInterval(() => void dataPath.verify(() => readNetworkState(this.store)), verifyIntervalMs);
    this.verifyTimer.unref();
  }

  /**
   * Re-derives the data path from the store; called after every group pass and every change of a VPC or
   * security group. With kernel rules the change is made before this returns.
   */
  refresh(): Promise<void> {
    return this.dataPath?.apply(() => readNetworkState(this.store)) ?? Promise.resolve();
  }

  async close(): Promise<void> {
    clearInterval(this.verifyTimer);
    await this.dataPath?.close();
  }
}
