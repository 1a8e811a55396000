import { expect } from "chai";
import { ContainerGroupSpecSchema, type ContainerGroupSpecInput } from "@eci/sdk";
import type { ObservedContainer } from "../runtime/container-runtime";
import type { Supervision } from "../store/store";
import { type PassFacts, computeGroupStatus } from "./group-status";

const NOW = Date.parse("2026-01-01T00:10:00Z");

function facts(input: Partial<ContainerGroupSpecInput>, members: Record<string, Partial<ObservedContainer>>, extra: Partial<PassFacts> = {}): PassFacts {
  const spec = ContainerGroupSpecSchema.parse({ name: "g", containers: [{ name: "app", image: "a:1" }], ...input });
  const observed = new Map<string, ObservedContainer>();
  for (const [name, c] of Object.entries(members)) {
    const role = spec.containers.find((s) => s.name === name)?.type ?? "work";
    observed.set(name, { id: name, role, name, specHash: "", state: "running", exitCode: 0, oomKilled: false, error: "", startedAt: "2026-01-01T00:00:00.000Z", finishedAt: null, ipAddress: null, ports: [], nanoCpus: 0, memoryBytes: 0, ...c });
  }
  return { spec, members: observed, supervision: {}, blockedContainers: new Map(), failure: null, startedOnce: false, now: NOW, backoffResetMs: 600_000, healthyAfterMs: 1_000, ...extra };
}

const exited = (exitCode: number, more: Partial<ObservedContainer> = {}): Partial<ObservedContainer> => ({ state: "exited", exitCode, finishedAt: "2026-01-01T00:09:00.000Z", ...more });
const init = { name: "setup", type: "init" as const, image: "a:1" };

describe("computeGroupStatus", () => {
  it("is pending and checking while an init container runs, with work containers waiting behind it", () => {
    const view = computeGroupStatus(facts({ containers: [init, { name: "app", image: "a:1" }] }, { setup: {} }));
    expect(view).to.deep.include({ phase: "pending", healthStatus: "checking", applied: false, statusReason: "waiting for init container setup (running)" });
    expect(view.containers.app).to.include({ state: "waiting", reason: "PodInitializing" });
  });

  it("is running and healthy when every work container runs", () => {
    const view = computeGroupStatus(facts({ containers: [init, { name: "app", image: "a:1" }] }, { setup: exited(0), app: {} }));
    expect(view).to.deep.include({ phase: "running", healthStatus: "healthy", statusReason: null, applied: true });
    expect(view.containers.setup).to.include({ state: "terminated", reason: "Completed", ready: true });
  });

  it("is checking until every work container has stayed up for healthyAfterMs, and says when to look again", () => {
    const justStarted = { startedAt: new Date(NOW - 400).toISOString() };
    const view = computeGroupStatus(facts({}, { app: justStarted }, { startedOnce: true }));
    expect(view).to.deep.include({ phase: "running", healthStatus: "checking", healthyAt: NOW + 600 });
    expect(computeGroupStatus(facts({}, { app: justStarted }, { startedOnce: true, now: NOW + 600 })).healthStatus).to.equal("healthy");
  });

  it("reports a container in back-off as CrashLoopBackOff and the group as unhealthy", () => {
    const supervision: Record<string, Supervision> = {
      app: { restartCount: 2, backoffLevel: 2, handledExit: "x", nextStartAt: NOW + 20_000, lastAbnormalExitAt: "2026-01-01T00:09:00.000Z" },
    };
    const view = computeGroupStatus(facts({}, { app: exited(1) }, { supervision, startedOnce: true }));
    expect(view).to.deep.include({ phase: "running", healthStatus: "unhealthy" });
    expect(view.containers.app).to.include({ state: "waiting", reason: "CrashLoopBackOff", exitCode: 1, restartCount: 2 });
    expect(view.containers.app.message).to.match(/^back-off 20s restarting container app/);
  });

  it("stays unhealthy for a while after a container recovered from an abnormal exit", () => {
    const supervision: Record<string, Supervision> = {
      app: { restartCount: 1, backoffLevel: 1, handledExit: "x", nextStartAt: null, lastAbnormalExitAt: "2026-01-01T00:09:00.000Z" },
    };
    expect(computeGroupStatus(facts({}, { app: {} }, { supervision, startedOnce: true })).healthStatus).to.equal("unhealthy");
    expect(computeGroupStatus(facts({}, { app: {} }, { supervision, startedOnce: true, now: NOW + 600_000 })).healthStatus).to.equal("healthy");
  });

  it("is succeeded when every work container completed and will not restart", () => {
    const spec = { restartPolicy: "OnFailure" as const, containers: [{ name: "a", image: "a:1" }, { name: "b", image: "a:1" }] };
    expect(computeGroupStatus(facts(spec, { a: exited(0), b: exited(0) })).phase).to.equal("succeeded");
    expect(computeGroupStatus(facts(spec, { a: exited(0), b: {} })).phase).to.equal("running");
  });

  it("is failed only once every work container has ended under Never, naming the failed one", () => {
    const spec = { restartPolicy: "Never" as const, containers: [{ name: "a", image: "a:1" }, { name: "b", image: "a:1" }] };
    expect(computeGroupStatus(facts(spec, { a: exited(137, { oomKilled: true }), b: {} })).phase).to.equal("running");
    const view = computeGroupStatus(facts(spec, { a: exited(137, { oomKilled: true }), b: exited(0) }));
    expect(view).to.deep.include({ phase: "failed", healthStatus: "unhealthy", statusReason: "container a was killed for running out of memory (exit code 137)" });
  });
});
