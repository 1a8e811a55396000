import { expect } from "chai";
import type { ContainerSummary } from "../runtime/container-runtime";
import { planResync, type ResyncGroup, type ResyncObservations } from "./resync-plan";

const settled = (id: string, changes: Partial<ResyncGroup> = {}): ResyncGroup => ({
  id,
  deleteRequested: false,
  updateGeneration: 2,
  observedUpdateGeneration: 2,
  restartGeneration: 1,
  observedRestartGeneration: 1,
  observed: { phase: "running" },
  ...changes,
});
const container = (groupId: string, id: string, state = "running", specHash = "h1"): ContainerSummary => ({ id, groupId, specHash, state });
/** The two containers of group g1, as the previous resync saw them. */
const G1 = [container("g1", "sandbox-1"), container("g1", "web-1")];

describe("planResync", () => {
  const previous = (containers: ContainerSummary[], groups = [settled("g1")]): ResyncObservations => planResync({ groups, containers, previous: new Map(), full: true, held: () => false }).observations;

  const rows: Array<{ case: string; groups: ResyncGroup[]; containers: ContainerSummary[]; full?: boolean; enqueue: string[] }> = [
    { case: "a settled group whose containers are as the previous resync saw them: no pass", groups: [settled("g1")], containers: G1, enqueue: [] },
    { case: "the same containers listed in another order: no pass", groups: [settled("g1")], containers: [...G1].reverse(), enqueue: [] },
    { case: "a container vanished", groups: [settled("g1")], containers: [G1[0]], enqueue: ["g1"] },
    { case: "a container appeared", groups: [settled("g1")], containers: [...G1, container("g1", "extra-1")], enqueue: ["g1"] },
    { case: "a container was replaced (another id)", groups: [settled("g1")], containers: [G1[0], container("g1", "web-2")], enqueue: ["g1"] },
    { case: "a container changed state", groups: [settled("g1")], containers: [G1[0], container("g1", "web-1", "exited")], enqueue: ["g1"] },
    { case: "a container's spec hash changed", groups: [settled("g1")], containers: [G1[0], container("g1", "web-1", "running", "h2")], enqueue: ["g1"] },
    { case: "every container is gone", groups: [settled("g1")], containers: [], enqueue: ["g1"] },
    { case: "a pending group", groups: [settled("g1", { observed: { phase: "pending" } })], containers: G1, enqueue: ["g1"] },
    { case: "an update not yet applied", groups: [settled("g1", { updateGeneration: 3 })], containers: G1, enqueue: ["g1"] },
    { case: "a restart not yet applied", groups: [settled("g1", { restartGeneration: 2 })], containers: G1, enqueue: ["g1"] },
    { case: "a deletion not yet done", groups: [settled("g1", { deleteRequested: true })], containers: G1, enqueue: ["g1"] },
    { case: "a failed group left as it was: no pass", groups: [settled("g1", { observed: { phase: "failed" } })], containers: G1, enqueue: [] },
    { case: "containers of a group the store does not know (orphans)", groups: [settled("g1")], containers: [...G1, container("gone", "orphan-1")], enqueue: ["gone"] },
    { case: "the sandbox of a group to come (a warm sandbox), even in a full resync", groups: [settled("g1")], containers: [...G1, container("cg-warm", "sandbox-2")], full: true, enqueue: ["g1"] },
    { case: "a full resync passes every group, changed or not", groups: [settled("g1"), settled("g2")], containers: G1, full: true, enqueue: ["g1", "g2"] },
    { case: "a new group in the store, with no containers yet", groups: [settled("g1"), settled("g2")], containers: G1, enqueue: ["g2"] },
  ];
  for (const row of rows) {
    it(`${row.case} → ${row.enqueue.length > 0 ? row.enqueue.join(", ") : "nothing"}`, () => {
      const plan = planResync({ groups: row.groups, containers: row.containers, previous: previous(G1), full: row.full ?? false, held: (id) => id === "cg-warm" });
      expect(plan.enqueue).to.deep.equal(row.enqueue);
    });
  }

  it("a group seen without containers is not passed again while it still has none", () => {
    const groups = [settled("g1", { observed: { phase: "succeeded" } })];
    const plan = planResync({ groups, containers: [], previous: previous([], groups), full: false, held: () => false });
    expect(plan.enqueue).to.deep.equal([]);
  });

  it("remembers what it saw, so that a change is passed once", () => {
    const changed = [G1[0], container("g1", "web-1", "exited")];
    const first = planResync({ groups: [settled("g1")], containers: changed, previous: previous(G1), full: false, held: () => false });
    const second = planResync({ groups: [settled("g1")], containers: changed, previous: first.observations, full: false, held: () => false });
    expect([first.enqueue, second.enqueue]).to.deep.equal([["g1"], []]);
  });

  it("forgets groups that are gone from both the store and Docker", () => {
    const plan = planResync({ groups: [], containers: [], previous: previous(G1), full: false, held: () => false });
    expect([...plan.observations.keys()]).to.deep.equal([]);
  });
});
