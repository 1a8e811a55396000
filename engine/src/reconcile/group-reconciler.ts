import { executeGroupPlan, removeAll } from "./group-executor";
import { passOutcome } from "./group-outcome";
import { planGroupPass } from "./group-plan";
import { sandboxPlacement } from "./member-spec";
import type { ReconcilerDeps } from "./reconciler-deps";
import { removeConfigVolumes } from "./volume-mounts";
import type { ReconcileResult } from "./work-queue";

/**
 * Makes Docker match one group's desired state, level-based: each pass reads the store and the
 * containers Docker has for the group, plans the next steps (`planGroupPass`), takes them
 * (`executeGroupPlan`) and records what it then observes (`passOutcome`). It never waits for a
 * container: Docker events and back-off deadlines bring the next pass.
 */
export class GroupReconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  /** One pass, then the group's usage brought in line with what the pass recorded (running, failed, succeeded, resized, deleted). */
  async reconcile(groupId: string, signal: AbortSignal): Promise<ReconcileResult> {
    try {
      return await this.pass(groupId, signal);
    } finally {
      this.deps.usage.record("container-group", groupId);
    }
  }

  private async pass(groupId: string, signal: AbortSignal): Promise<ReconcileResult> {
    const { store, runtime, clock, config } = this.deps;
    const logger = this.deps.logger.child({ groupId });
    const group = store.getGroup(groupId);
    const actual = await runtime.listGroupContainers(groupId);
    if (!group || group.deleteRequested) {
      if (actual.length > 0) {
        logger.info({ containers: actual.length }, group ? "Deleting group…" : "Removing orphan containers…");
        await removeAll(runtime, actual);
      }
      removeConfigVolumes(config.dataDir, groupId);
      if (group) {
        store.markDeleted(groupId);
        logger.info({}, "Deleted group");
      }
      return {};
    }
    const placement = sandboxPlacement(group, (vxnetId) => store.networks.get("vxnet", vxnetId)?.spec.vpcId);
    const plan = planGroupPass({ group, actual, placement, now: clock.now(), config });
    if (!plan) return {};
    logger.debug({ actions: plan.actions.filter((a) => a.kind !== "event").map((a) => a.kind) }, "Reconciling group…");
    let executed;
    try {
      executed = await executeGroupPlan({ ...this.deps, logger }, group, actual, plan.actions, signal);
    } catch (err) {
      // The exits and sandbox stops this pass accounted for (and reported) stay accounted for when it is retried.
      store.saveObserved(groupId, { ...group.observed, supervision: plan.observed.supervision, sandboxExit: plan.observed.sandboxExit });
      throw err;
    }
    const after = executed.changed ? await runtime.listGroupContainers(groupId) : actual;
    const outcome = passOutcome({ group, observed: plan.observed, actual: after, ...executed, wakeAt: plan.wakeAt, now: clock.now(), config });
    for (const e of outcome.events) store.appendEvent(groupId, e);
    const { phase, healthStatus } = outcome.observed;
    logger.debug({ phase, health: healthStatus, settled: outcome.settled }, "Reconciled group");
    store.saveObserved(groupId, outcome.observed, outcome.settled ? { updateGeneration: group.updateGeneration, restartGeneration: group.restartGeneration } : undefined);
    return outcome.nextPassAt === undefined ? {} : { requeueAfterMs: Math.max(0, outcome.nextPassAt - clock.now()) };
  }
}
