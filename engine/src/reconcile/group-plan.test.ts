import { expect } from "chai";
import { type ContainerGroupSpecInput, ContainerGroupSpecSchema } from "@eci/sdk";
import type { ObservedContainer } from "../runtime/container-runtime";
import type { GroupRecord, ObservedGroup, Supervision } from "../store/store";
import { newSupervision } from "./exit-accounting";
import { containerHash, type GroupAction, type GroupPlan, planGroupPass } from "./group-plan";
import { dockerLimits, type SandboxPlacement, sandboxHash } from "./member-spec";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const config = { restartBackoffBaseMs: 10_000, restartBackoffMaxMs: 300_000, backoffResetMs: 600_000 };
const BASIC: SandboxPlacement = { publish: true };

function group(spec: Partial<ContainerGroupSpecInput> = {}, more: Partial<GroupRecord> = {}): GroupRecord {
  const parsed = ContainerGroupSpecSchema.parse({
    name: "g",
    containers: [
      { name: "web", image: "web:1" },
      { name: "side", image: "side:1" },
    ],
    ...spec,
  });
  const observed: ObservedGroup = { phase: "pending", statusReason: null, healthStatus: "checking", privateIp: null, ports: [], containers: {}, supervision: {}, startedOnce: false, failedAt: null };
  return {
    id: "eci-1",
    accountId: "acc-1",
    spec: parsed,
    cpu: 1,
    memory: 2,
    updateGeneration: 1,
    observedUpdateGeneration: 1,
    restartGeneration: 0,
    observedRestartGeneration: 0,
    deleteRequested: false,
    observed,
    assignedIp: null,
    version: 1,
    createdAt: "",
    updatedAt: "",
    ...more,
  };
}

const started = new Date(NOW - 60_000).toISOString();
const finished = new Date(NOW - 1_000).toISOString();

/** The group's running sandbox, as created from the group's current spec. */
function sandbox(g: GroupRecord, more: Partial<ObservedContainer> = {}): ObservedContainer {
  const ports = g.spec.containers.flatMap((c) => c.ports);
  return {
    id: "sb",
    role: "infra",
    name: "",
    specHash: sandboxHash(ports, g.spec.shmSizeMB, BASIC),
    state: "running",
    exitCode: 0,
    oomKilled: false,
    error: "",
    startedAt: started,
    finishedAt: null,
    ipAddress: "172.17.0.2",
    ports: [],
    ...dockerLimits(g.cpu, g.memory),
    ...more,
  };
}

/** A member created from its current spec: running, or ended with `exitCode`. */
function member(g: GroupRecord, name: string, more: Partial<ObservedContainer> & { exitCode?: number } = {}): ObservedContainer {
  const spec = g.spec.containers.find((c) => c.name === name);
  if (!spec) throw new Error(`no container ${name}`);
  const exited = more.exitCode !== undefined || more.state === "exited";
  return {
    id: `id-${name}`,
    role: spec.type,
    name,
    specHash: containerHash(g, spec),
    state: exited ? "exited" : "running",
    exitCode: 0,
    oomKilled: false,
    error: "",
    startedAt: started,
    finishedAt: exited ? finished : null,
    ipAddress: null,
    ports: [],
    nanoCpus: 0,
    memoryBytes: 0,
    ...more,
  };
}

function withSupervision(g: GroupRecord, supervision: Record<string, Partial<Supervision>>, observed: Partial<ObservedGroup> = {}): GroupRecord {
  const sup = Object.fromEntries(Object.entries(supervision).map(([name, s]) => [name, { ...newSupervision(), ...s }]));
  return { ...g, observed: { ...g.observed, supervision: sup, ...observed } };
}

/** The actions in short: `createMembers web,side`, `start side`, `event BackOff`, … */
function summary(plan: GroupPlan | null): string[] {
  if (!plan) return ["nothing"];
  return plan.actions.map((a: GroupAction) => {
    switch (a.kind) {
      case "event":
        return `event ${a.event.reason}`;
      case "createMembers":
        return `createMembers ${a.containers.map((c) => c.spec.name).join(",")}`;
      case "removeContainers":
        return `remove ${a.containers.map((c) => c.name || "sandbox").join(",")}`;
      case "start":
        return `start ${a.container}`;
      case "fail":
        return `fail: ${a.message}`;
      default:
        return a.kind;
    }
  });
}

interface Row {
  transition: string;
  group: GroupRecord;
  actual: (g: GroupRecord) => ObservedContainer[];
  placement?: SandboxPlacement | null;
  now?: number;
  actions: string[];
  /** Checks on the plan beyond its actions. */
  then?: (plan: GroupPlan) => void;
}

const initGroup = group({
  containers: [
    { name: "migrate", image: "tool:1", type: "init" },
    { name: "seed", image: "tool:1", type: "init" },
    { name: "web", image: "web:1" },
  ],
});
const never = group({ restartPolicy: "Never" });
const onFailure = group({ restartPolicy: "OnFailure" });
const always = group({ restartPolicy: "Always" });
const updated = group({ containers: [{ name: "web", image: "web:2" }, { name: "side", image: "side:1" }] }, { updateGeneration: 2 });
const previous = group({ containers: [{ name: "web", image: "web:1" }, { name: "side", image: "side:1" }] });
const moved = group({ network: { mode: "vpc", vxnetId: "vxnet-bbbbbbbb" } }, { assignedIp: "192.168.2.5" });
const vpcB: SandboxPlacement = { network: { name: "eci-vpc-b", ip: "192.168.2.5" }, publish: false };
const restarting = group({}, { restartGeneration: 1 });

const rows: Row[] = [
  {
    transition: "a new group: sandbox first, then every work container at once",
    group: group(),
    actual: () => [],
    actions: ["createSandbox", "writeConfigVolumes", "createMembers web,side"],
  },
  {
    transition: "init containers: only the first is created while none has run",
    group: initGroup,
    actual: (g) => [sandbox(g)],
    actions: ["writeConfigVolumes", "createMembers migrate"],
  },
  {
    transition: "init containers: the second waits while the first runs",
    group: initGroup,
    actual: (g) => [sandbox(g), member(g, "migrate")],
    actions: ["writeConfigVolumes"],
  },
  {
    transition: "init containers: the next is created once the one before succeeded",
    group: initGroup,
    actual: (g) => [sandbox(g), member(g, "migrate", { exitCode: 0 })],
    actions: ["writeConfigVolumes", "event Completed", "createMembers seed"],
  },
  {
    transition: "init containers: work containers start once every init container succeeded",
    group: withSupervision(initGroup, { migrate: { handledExit: `id-migrate/${finished}/0` } }),
    actual: (g) => [sandbox(g), member(g, "migrate", { exitCode: 0 }), member(g, "seed", { exitCode: 0 })],
    actions: ["writeConfigVolumes", "event Completed", "createMembers web"],
  },
  {
    transition: "init container fails under Never: the group fails, work containers never start",
    group: group({ restartPolicy: "Never", containers: [{ name: "migrate", image: "tool:1", type: "init" }, { name: "web", image: "web:1" }] }),
    actual: (g) => [sandbox(g), member(g, "migrate", { exitCode: 3 })],
    actions: ["writeConfigVolumes", "event Failed", "fail: init container migrate failed (exit code 3) and the restart policy is Never"],
  },
  {
    transition: "init container fails under OnFailure: restarted after its back-off",
    group: group({ restartPolicy: "OnFailure", containers: [{ name: "migrate", image: "tool:1", type: "init" }, { name: "web", image: "web:1" }] }),
    actual: (g) => [sandbox(g), member(g, "migrate", { exitCode: 1 })],
    actions: ["writeConfigVolumes", "event Failed", "event BackOff"],
    then: (plan) => expect(plan.wakeAt).to.equal(NOW + 10_000),
  },
  {
    transition: "init container exits 0 under Always: not restarted, the work containers come next",
    group: group({ restartPolicy: "Always", containers: [{ name: "migrate", image: "tool:1", type: "init" }, { name: "web", image: "web:1" }] }),
    actual: (g) => [sandbox(g), member(g, "migrate", { exitCode: 0 })],
    actions: ["writeConfigVolumes", "event Completed", "createMembers web"],
  },
  {
    transition: "Never, exit 0: recorded once, not restarted",
    group: never,
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 0 }), member(g, "side")],
    actions: ["writeConfigVolumes", "event Completed"],
    then: (plan) => expect(plan.wakeAt).to.equal(undefined),
  },
  {
    transition: "Never, exit 1: recorded once, not restarted",
    group: never,
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 1 }), member(g, "side")],
    actions: ["writeConfigVolumes", "event Failed"],
    then: (plan) => expect(plan.observed.supervision.web.lastAbnormalExitAt).to.equal(finished),
  },
  {
    transition: "OnFailure, exit 0: completed, not restarted",
    group: onFailure,
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 0 }), member(g, "side")],
    actions: ["writeConfigVolumes", "event Completed"],
  },
  {
    transition: "OnFailure, exit 1: back-off of the base delay",
    group: onFailure,
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 1 }), member(g, "side")],
    actions: ["writeConfigVolumes", "event Failed", "event BackOff"],
    then: (plan) => {
      expect(plan.wakeAt).to.equal(NOW + 10_000);
      expect(plan.observed.supervision.web).to.include({ backoffLevel: 1, nextStartAt: NOW + 10_000, restartCount: 0 });
    },
  },
  {
    transition: "Always, exit 0: restarted too, after a back-off",
    group: always,
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 0 }), member(g, "side")],
    actions: ["writeConfigVolumes", "event Completed", "event BackOff"],
  },
  {
    transition: "Always, OOM kill: reported as OOMKilled, then back-off",
    group: always,
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 137, oomKilled: true }), member(g, "side")],
    actions: ["writeConfigVolumes", "event OOMKilled", "event BackOff"],
  },
  {
    transition: "back-off not yet over: nothing started, the pass wakes at the deadline",
    group: withSupervision(always, { web: { handledExit: `id-web/${finished}/0`, backoffLevel: 1, nextStartAt: NOW + 4_000 } }),
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 1 }), member(g, "side")],
    actions: ["writeConfigVolumes"],
    then: (plan) => expect(plan.wakeAt).to.equal(NOW + 4_000),
  },
  {
    transition: "back-off over: the container is started again and its restart counted",
    group: withSupervision(always, { web: { handledExit: `id-web/${finished}/0`, backoffLevel: 1, nextStartAt: NOW - 1 } }),
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 1 }), member(g, "side")],
    actions: ["writeConfigVolumes", "start web"],
    then: (plan) => expect(plan.observed.supervision.web).to.include({ restartCount: 1, nextStartAt: null }),
  },
  {
    transition: "back-off doubles on each crash",
    group: withSupervision(always, { web: { handledExit: "older", backoffLevel: 3, restartCount: 3 } }),
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 1 }), member(g, "side")],
    actions: ["writeConfigVolumes", "event Failed", "event BackOff"],
    then: (plan) => expect(plan.observed.supervision.web.nextStartAt).to.equal(NOW + 80_000),
  },
  {
    transition: "back-off resets after a container ran for backoffResetMs",
    group: withSupervision(always, { web: { handledExit: "older", backoffLevel: 5, restartCount: 5 } }),
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 1, startedAt: new Date(NOW - 700_000).toISOString() }), member(g, "side")],
    actions: ["writeConfigVolumes", "event Failed", "event BackOff"],
    then: (plan) => expect(plan.observed.supervision.web.nextStartAt).to.equal(NOW + 10_000),
  },
  {
    transition: "an exit already accounted for is not reported again",
    group: withSupervision(onFailure, { web: { handledExit: `id-web/${finished}/0` } }),
    actual: (g) => [sandbox(g), member(g, "web", { exitCode: 0 }), member(g, "side")],
    actions: ["writeConfigVolumes"],
  },
  {
    transition: "a lost sandbox: members removed, a new sandbox, every container created again",
    group: withSupervision(group(), { web: { restartCount: 0 }, side: {} }, { startedOnce: true }),
    actual: (g) => [member(g, "web"), member(g, "side")],
    actions: ["event SandboxChanged", "remove web,side", "createSandbox", "writeConfigVolumes", "createMembers web,side"],
  },
  {
    transition: "a stopped sandbox: started again in place, members created again, each restart counted",
    group: withSupervision(group(), { web: {}, side: {} }, { startedOnce: true }),
    actual: (g) => [sandbox(g, { state: "exited", finishedAt: finished }), member(g, "web", { exitCode: 137 }), member(g, "side", { exitCode: 137 })],
    actions: ["event SandboxChanged", "startSandbox", "remove web,side", "writeConfigVolumes", "createMembers web,side"],
    then: (plan) => {
      expect(plan.observed.sandboxExit).to.equal(`sb/${finished}`);
      expect(plan.observed.supervision.web.restartCount).to.equal(1);
    },
  },
  {
    transition: "a stopped sandbox already reported (a retried pass, Docker restarting): no second event, no second count",
    group: withSupervision(group(), { web: { restartCount: 1 }, side: { restartCount: 1 } }, { sandboxExit: `sb/${finished}` }),
    actual: (g) => [sandbox(g, { state: "exited", finishedAt: finished }), member(g, "web", { exitCode: 137 }), member(g, "side", { exitCode: 137 })],
    actions: ["startSandbox", "remove web,side", "writeConfigVolumes", "createMembers web,side"],
    then: (plan) => expect(plan.observed.supervision.web.restartCount).to.equal(1),
  },
  {
    transition: "a sandbox created but never started (the engine died in between): started, nothing reported",
    group: group(),
    actual: (g) => [sandbox(g, { state: "created", startedAt: null })],
    actions: ["startSandbox", "writeConfigVolumes", "createMembers web,side"],
  },
  {
    transition: "an online update of one container: only that one is re-created",
    group: withSupervision(updated, { web: { restartCount: 2 }, side: {} }, { startedOnce: true }),
    actual: (g) => [sandbox(g), { ...member(previous, "web") }, member(g, "side")],
    actions: ["event Killing", "remove web", "writeConfigVolumes", "createMembers web"],
    then: (plan) => expect(plan.observed.supervision.web).to.equal(undefined),
  },
  {
    transition: "a spec read back and sent again, its fields in another order (a defaulted pull policy now given): nothing is re-created",
    group: withSupervision(group({ containers: [{ imagePullPolicy: "IfNotPresent", name: "web", image: "web:1" }, { name: "side", image: "side:1" }] }, { updateGeneration: 2 }), { web: {}, side: {} }, { startedOnce: true }),
    actual: (g) => [sandbox(g), member(previous, "web"), member(previous, "side")],
    actions: ["writeConfigVolumes"],
  },
  {
    transition: "a container removed from the spec is stopped",
    group: group({ containers: [{ name: "web", image: "web:1" }] }),
    actual: (g) => [sandbox(g), member(g, "web"), { ...member(previous, "side") }],
    actions: ["event Killing", "remove side", "writeConfigVolumes"],
  },
  {
    transition: "a network move: the sandbox is re-created on the new network with every container",
    group: moved,
    placement: vpcB,
    actual: (g) => [sandbox(g), member(g, "web"), member(g, "side")],
    actions: ["event SandboxChanged", "remove web,side,sandbox", "createSandbox", "writeConfigVolumes", "createMembers web,side"],
  },
  {
    transition: "a vxnet that no longer exists: the group fails",
    group: moved,
    placement: null,
    actual: () => [],
    actions: ["fail: vxnet vxnet-bbbbbbbb no longer exists"],
  },
  {
    transition: "a resize: the sandbox's limits are set in place",
    group: withSupervision(group({}, { cpu: 2, memory: 4 }), { web: {}, side: {} }, { startedOnce: true }),
    actual: (g) => [sandbox(g, dockerLimits(1, 2)), member(g, "web"), member(g, "side")],
    actions: ["resizeSandbox", "event Resized", "writeConfigVolumes"],
  },
  {
    transition: "a new group given a warm sandbox of another size: resized in place, nothing reported",
    group: group({}, { cpu: 1, memory: 2 }),
    actual: (g) => [sandbox(g, dockerLimits(2, 4))],
    actions: ["resizeSandbox", "writeConfigVolumes", "createMembers web,side"],
  },
  {
    transition: "a requested restart: every container is re-created",
    group: withSupervision(restarting, {}, { phase: "succeeded" }),
    actual: (g) => [sandbox(g), member(group(), "web", { exitCode: 0 }), member(group(), "side", { exitCode: 0 })],
    actions: ["event Killing", "event Killing", "remove web,side", "writeConfigVolumes", "createMembers web,side"],
    then: (plan) => expect(plan.observed.startedOnce).to.equal(false),
  },
  {
    transition: "a group that ended (succeeded or failed) is left alone",
    group: withSupervision(group(), {}, { phase: "failed" }),
    actual: (g) => [sandbox(g)],
    actions: ["nothing"],
  },
  {
    transition: "a container created but not started (the engine died in between) is started",
    group: group(),
    actual: (g) => [sandbox(g), member(g, "web", { state: "created", startedAt: null }), member(g, "side")],
    actions: ["writeConfigVolumes", "start web"],
  },
];

describe("planGroupPass (SPEC §2 transitions)", () => {
  for (const row of rows) {
    it(row.transition, () => {
      const placement = row.placement === null ? undefined : (row.placement ?? BASIC);
      const plan = planGroupPass({ group: row.group, actual: row.actual(row.group), placement, now: row.now ?? NOW, config });
      expect(summary(plan)).to.deep.equal(row.actions);
      if (plan) row.then?.(plan);
    });
  }

  it("leaves the group record it was given unchanged", () => {
    const g = withSupervision(always, { web: {} });
    const before = structuredClone(g);
    planGroupPass({ group: g, actual: [sandbox(g), member(g, "web", { exitCode: 1 })], placement: BASIC, now: NOW, config });
    expect(g).to.deep.equal(before);
  });

  it("gives every action but an event a reason", () => {
    for (const row of rows) {
      const placement = row.placement === null ? undefined : (row.placement ?? BASIC);
      const plan = planGroupPass({ group: row.group, actual: row.actual(row.group), placement, now: NOW, config });
      for (const a of plan?.actions ?? []) if (a.kind !== "event" && a.kind !== "fail") expect(a.reason, `${row.transition}: ${a.kind}`).to.be.a("string").and.not.equal("");
    }
  });
});
