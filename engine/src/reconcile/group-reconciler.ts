import { Meter } from "../billing/meter";
import type { Clock } from "../clock";
import type { EngineConfig } from "../config";
import type { Logger } from "../logger";
import type { ContainerRuntime, RegistryAuth } from "../runtime/container-runtime";
import type { CacheView } from "../services/image-cache-service";
import type { GroupRecord, Store } from "../store/store";
import { GroupPass, removeAll } from "./group-pass";
import { removeConfigVolumes } from "./volume-mounts";
import type { ReconcileResult } from "./work-queue";

export type ReconcilerConfig = Pick<EngineConfig, "restartBackoffBaseMs" | "restartBackoffMaxMs" | "backoffResetMs" | "healthyAfterMs" | "imagePullTimeoutMs" | "dataDir">;

export interface ReconcilerDeps {
  store: Store;
  runtime: ContainerRuntime;
  clock: Clock;
  config: ReconcilerConfig;
  logger: Logger;
  /** Opens a registry credential for a pull. */
  credentials: (id: string) => RegistryAuth | undefined;
  /** The image cache a group takes its images from, if any. */
  caches: (group: GroupRecord) => CacheView | undefined;
}

/**
 * Makes Docker match one group's desired state, level-based: each pass reads the store and the
 * containers Docker has for the group, takes the next steps, and records what it then observes.
 * It never waits for a container: Docker events and back-off deadlines bring the next pass.
 */
export class GroupReconciler {
  private readonly meter: Meter;

  constructor(private readonly deps: ReconcilerDeps) {
    this.meter = new Meter(deps.store, deps.clock);
  }

  /** One pass, then the group's usage brought in line with what the pass recorded (running, failed, succeeded, resized, deleted). */
  async reconcile(groupId: string, signal: AbortSignal): Promise<ReconcileResult> {
    try {
      return await this.pass(groupId, signal);
    } finally {
      this.meter.sync("container-group", groupId);
    }
  }

  private async pass(groupId: string, signal: AbortSignal): Promise<ReconcileResult> {
    const { store, runtime, logger } = this.deps;
    const group = store.getGroup(groupId);
    const actual = await runtime.listGroupContainers(groupId);
    if (!group || group.deleteRequested) {
      if (actual.length > 0) {
        logger.info({ groupId, containers: actual.length }, group ? "Deleting group…" : "Removing orphan containers…");
        await removeAll(runtime, actual);
      }
      removeConfigVolumes(this.deps.config.dataDir, groupId);
      if (group) {
        store.markDeleted(groupId);
        logger.info({ groupId }, "Deleted group");
      }
      return {};
    }
    logger.debug({ groupId }, "Reconciling group…");
    return new GroupPass({ ...this.deps, logger: logger.child({ groupId }) }, group, actual, signal).run();
  }
}
