import { expect } from "chai";
import type { ContainerGroup } from "@eci/sdk";
import { awaitConditions } from "./await";
import { explainGroup, readiness } from "./group-conditions";

const AT = "2026-01-01T00:00:00.000Z";
type Container = ContainerGroup["containers"][number];

function container(name: string, type: "init" | "work", status: Partial<Container>): Container {
  const spec = { name, type, image: "busybox:1", imagePullPolicy: "IfNotPresent", ports: [], env: {}, secureEnvNames: [], maxLogSizeMB: 10, volumeMounts: [] };
  return { ...spec, state: "running", reason: null, message: null, exitCode: null, restartCount: 0, ready: false, startedAt: AT, finishedAt: null, ...status } as unknown as Container;
}

function job(status: ContainerGroup["status"], containers: Container[], statusReason: string | null = null): ContainerGroup {
  return { id: "cg-aaaaaaaa", name: "report", status, statusReason, healthStatus: status === "failed" ? "unhealthy" : "checking", restartPolicy: "Never", containers } as unknown as ContainerGroup;
}

/** The outcome of a `succeeded` wait that observes these groups in turn: the group it ended with, or its error message. */
async function waitForSucceeded(...observed: ContainerGroup[]): Promise<string | ContainerGroup> {
  let now = 0;
  return awaitConditions({
    subject: "ContainerGroup report (cg-aaaaaaaa)",
    observe: async () => (observed.length > 1 ? (observed.shift() as ContainerGroup) : observed[0]),
    conditions: readiness("succeeded"),
    timeoutMs: 60_000,
    clock: { now: () => now, sleep: async (ms) => void (now += ms) },
  }).catch((e: Error) => e.message);
}

describe("waitFor succeeded", () => {
  const prepared = container("prepare", "init", { state: "terminated", reason: "Completed", exitCode: 0, ready: true });

  it("waits through pending and running until every work container completed", async () => {
    const done = job("succeeded", [prepared, container("report", "work", { state: "terminated", reason: "Completed", exitCode: 0 })]);
    const result = await waitForSucceeded(job("pending", [container("prepare", "init", {}), container("report", "work", { state: "waiting" })]), job("running", [prepared, container("report", "work", {})]), done);
    expect(result).to.equal(done);
  });

  it("stops at once when a work container failed under Never, naming it with its reason and exit code", async () => {
    const failed = job("failed", [prepared, container("report", "work", { state: "terminated", reason: "Error", exitCode: 2 })], "container report exited with code 2");
    expect(await waitForSucceeded(failed)).to.equal("ContainerGroup report (cg-aaaaaaaa) will not become succeeded (after 0ms): container report ended with Error (exit code 2)");
  });

  it("names a failed init container the same way", async () => {
    const failed = job("failed", [container("prepare", "init", { state: "terminated", reason: "OOMKilled", exitCode: 137 }), container("report", "work", { state: "waiting" })], "init container prepare failed (OOMKilled) and the restart policy is Never");
    expect(await waitForSucceeded(failed)).to.match(/: container prepare ended with OOMKilled \(exit code 137\)$/);
  });

  it("gives the group's reason when no container failed", async () => {
    const failed = job("failed", [container("report", "work", { state: "waiting", reason: "ErrImagePull" })], "pulling busybox:1 took more than 30 minutes");
    expect(await waitForSucceeded(failed)).to.match(/: the job failed: pulling busybox:1 took more than 30 minutes$/);
  });

  it("gives up on a job that keeps failing under OnFailure", async () => {
    const looping = (restartCount: number) => job("running", [container("report", "work", { state: "waiting", reason: "CrashLoopBackOff", exitCode: 1, restartCount })]);
    expect(await waitForSucceeded(looping(1), looping(2), looping(3))).to.match(/: container report is crash-looping \(3 restarts, last exit code 1\)$/);
  });
});

describe("explainGroup with the failed container's log", () => {
  const failed = job("failed", [container("report", "work", { state: "terminated", reason: "Error", exitCode: 2 })]);

  it("ends with the log's last lines, indented", () => {
    const text = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const explained = explainGroup(failed, [], "", { container: "report", text });
    expect(explained).to.equal(
      ["last status failed, health unhealthy; containers: report terminated (Error, exit code 2); last 20 lines of container report's log:", ...Array.from({ length: 20 }, (_, i) => `    line ${i + 6}`)].join("\n"),
    );
  });

  it("says when the container wrote nothing", () => {
    expect(explainGroup(failed, [], "", { container: "report", text: "" })).to.match(/; container report wrote nothing to its log$/);
  });
});
