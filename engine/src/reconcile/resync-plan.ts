import type { ContainerSummary } from "../runtime/container-runtime";
import type { GroupRecord } from "../store/store";

/** What a resync saw of each group's containers, by group id: their ids, states and spec hashes, in one string. */
export type ResyncObservations = ReadonlyMap<string, string>;

/** What a resync needs to know of a group in the store. */
export type ResyncGroup = Pick<GroupRecord, "id" | "deleteRequested" | "updateGeneration" | "observedUpdateGeneration" | "restartGeneration" | "observedRestartGeneration"> & {
  observed: Pick<GroupRecord["observed"], "phase">;
};

export interface ResyncInput {
  /** Every group in the store. */
  groups: ResyncGroup[];
  /** Every container of the engine, from one list. */
  containers: ContainerSummary[];
  /** What the previous resync saw. */
  previous: ResyncObservations;
  /** Look at every group whatever it shows: the first resync, and the one after a break in Docker's events. */
  full: boolean;
  /** Ids of no group yet whose containers are not orphans: warm sandboxes. */
  held: (groupId: string) => boolean;
}

export interface ResyncPlan {
  /** The groups that need a pass, in the store's order, then the groups of orphan containers. */
  enqueue: string[];
  /** What this resync saw, for the next one to compare with. */
  observations: ResyncObservations;
}

/**
 * Which groups a resync passes. Docker events bring a pass for every change the engine hears of, and a
 * pass schedules its own time-based work (back-off, health); the resync is the safety net for what was
 * not heard, so it passes a group only when its containers differ from what the previous resync saw
 * (one appeared, vanished, changed state or spec), when the store says it has work left, or when it is
 * not in the store at all (its containers are orphans, to remove) unless held for a group to come.
 */
export function planResync(input: ResyncInput): ResyncPlan {
  const containers = new Map<string, string[]>();
  for (const c of input.containers) {
    const list = containers.get(c.groupId) ?? [];
    list.push(`${c.id}/${c.state}/${c.specHash}`);
    containers.set(c.groupId, list);
  }
  const observations = new Map<string, string>();
  for (const [groupId, list] of containers) observations.set(groupId, list.sort().join(","));
  const enqueue: string[] = [];
  const known = new Set<string>();
  for (const group of input.groups) {
    known.add(group.id);
    const seen = observations.get(group.id) ?? "";
    observations.set(group.id, seen);
    if (input.full || hasWorkLeft(group) || input.previous.get(group.id) !== seen) enqueue.push(group.id);
  }
  for (const groupId of containers.keys()) if (!known.has(groupId) && !input.held(groupId)) enqueue.push(groupId);
  return { enqueue, observations };
}

/** The store says the group is not where it was asked to be: still pending, or an update, restart or deletion not yet applied. */
export function hasWorkLeft(group: ResyncGroup): boolean {
  return (
    group.deleteRequested ||
    group.observed.phase === "pending" ||
    group.updateGeneration > group.observedUpdateGeneration ||
    group.restartGeneration > group.observedRestartGeneration
  );
}
