import { expect } from "chai";
import { ContainerSpecSchema } from "@eci/sdk";
import type { ObservedContainer } from "../runtime/container-runtime";
import { accountExit, newSupervision } from "./exit-accounting";

const NOW = Date.parse("2026-01-01T01:00:00Z");
const config = { restartBackoffBaseMs: 10_000, restartBackoffMaxMs: 300_000, backoffResetMs: 600_000 };
const work = { ...ContainerSpecSchema.parse({ name: "app", image: "a:1" }), imagePullPolicy: "IfNotPresent" as const };
const init = { ...work, type: "init" as const };

function exit(code: number, ranMs = 1_000, more: Partial<ObservedContainer> = {}): ObservedContainer {
  const finishedAt = new Date(NOW - 100);
  return {
    id: "c1", role: "work", name: "app", specHash: "", state: "exited", exitCode: code, oomKilled: false, error: "",
    startedAt: new Date(finishedAt.getTime() - ranMs).toISOString(), finishedAt: finishedAt.toISOString(),
    ipAddress: null, ports: [], nanoCpus: 0, memoryBytes: 0, ...more,
  };
}

describe("accountExit", () => {
  it("doubles the back-off on each restart up to the maximum", () => {
    const sup = newSupervision();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      accountExit(work, exit(1, 1_000, { finishedAt: new Date(NOW + i).toISOString() }), "Always", sup, NOW, config);
      delays.push((sup.nextStartAt as number) - NOW);
    }
    expect(delays).to.deep.equal([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it("starts the back-off over after a container ran for backoffResetMs", () => {
    const sup = { ...newSupervision(), backoffLevel: 4 };
    accountExit(work, exit(1, 600_000), "Always", sup, NOW, config);
    expect(sup.nextStartAt).to.equal(NOW + 10_000);
  });

  it("accounts an exit once, however many passes see it", () => {
    const sup = newSupervision();
    const first = accountExit(work, exit(2), "OnFailure", sup, NOW, config);
    const again = accountExit(work, exit(2), "OnFailure", sup, NOW + 5, config);
    expect(first.events.map((e) => e.reason)).to.deep.equal(["Failed", "BackOff"]);
    expect(again).to.deep.equal({ restart: true, events: [] });
    expect(sup.backoffLevel).to.equal(1);
  });

  it("applies the policy to work containers and restarts init containers only when they fail", () => {
    const decide = (spec: typeof work, code: number, policy: "Always" | "OnFailure" | "Never") => accountExit(spec, exit(code), policy, newSupervision(), NOW, config).restart;
    expect([decide(work, 0, "Always"), decide(work, 0, "OnFailure"), decide(work, 1, "OnFailure"), decide(work, 1, "Never")]).to.deep.equal([true, false, true, false]);
    expect([decide(init, 0, "Always"), decide(init, 1, "Always"), decide(init, 1, "Never")]).to.deep.equal([false, true, false]);
  });

  it("tells an OOM kill and a failed start apart in its events", () => {
    const oom = accountExit(work, exit(137, 10, { oomKilled: true }), "Never", newSupervision(), NOW, config);
    expect(oom.events[0]).to.deep.include({ type: "Warning", reason: "OOMKilled" });
    const cannot = accountExit(work, exit(127, 0, { error: "exec: \"nope\": not found", startedAt: null, finishedAt: null }), "Never", newSupervision(), NOW, config);
    expect(cannot.events[0].message).to.equal('Container app could not run: exec: "nope": not found');
  });
});
