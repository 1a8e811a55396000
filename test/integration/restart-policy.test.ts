import { expect } from "chai";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const BUSYBOX = TEST_IMAGES.busybox;
const sleepForever = ["sleep", "3600"];

describe("restart policies and supervision", () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine({ failedGroupTtlMs: 4_000 })));
  after(async () => t?.close());

  it("OnFailure restarts a container that exits 1 and not one that exits 0", async () => {
    const group = await t.api.createGroup({
      name: "on-failure",
      restartPolicy: "OnFailure",
      shmSizeMB: 16,
      containers: [
        // Fails on its first run only: the marker in shared memory survives the container's restart.
        { name: "flaky", image: BUSYBOX, command: ["sh", "-c", "[ -f /dev/shm/ran ] && exec sleep 3600; touch /dev/shm/ran; exit 1"] },
        { name: "oneshot", image: BUSYBOX, command: ["sh", "-c", "exit 0"] },
      ],
    });
    const g = await t.api.waitForGroup(group.id, "to restart flaky once", (g) => g.containers[0].state === "running" && g.containers[0].restartCount === 1);
    expect(g.containers[1]).to.include({ state: "terminated", reason: "Completed", exitCode: 0, restartCount: 0 });
    expect(g.status).to.equal("running");
    const events = await t.api.events(group.id);
    expect(events.filter((e) => e.reason === "Started" && e.container === "oneshot")).to.have.length(1);
    expect(events.filter((e) => e.reason === "Started" && e.container === "flaky")).to.have.length(2);
    expect(events.find((e) => e.reason === "Failed" && e.container === "flaky")?.message).to.equal("Container flaky exited with code 1");
  });

  it("Never ends in succeeded when every work container exits 0", async () => {
    const group = await t.api.createGroup({
      name: "batch-ok",
      restartPolicy: "Never",
      containers: [
        { name: "a", image: BUSYBOX, command: ["true"] },
        { name: "b", image: BUSYBOX, command: ["sh", "-c", "sleep 0.2"] },
      ],
    });
    const g = await t.api.waitForStatus(group.id, "succeeded");
    expect(g.healthStatus).to.equal("healthy");
    expect(g.containers.map((c) => [c.state, c.reason, c.exitCode, c.restartCount])).to.deep.equal([
      ["terminated", "Completed", 0, 0],
      ["terminated", "Completed", 0, 0],
    ]);
  });

  it("Never ends in failed when a work container fails, and deletes the group after its retention period", async () => {
    const group = await t.api.createGroup({
      name: "batch-bad",
      restartPolicy: "Never",
      containers: [
        { name: "ok", image: BUSYBOX, command: ["true"] },
        { name: "bad", image: BUSYBOX, command: ["sh", "-c", "exit 3"] },
      ],
    });
    const g = await t.api.waitForStatus(group.id, "failed");
    expect(g.healthStatus).to.equal("unhealthy");
    expect(g.statusReason).to.equal("container bad exited with code 3");
    expect(g.containers[1]).to.include({ state: "terminated", reason: "Error", exitCode: 3, restartCount: 0 });
    const reply = await waitFor("the failed group to be deleted after failedGroupTtlMs", async () => {
      const r = await t.api.request("GET", `/v1/container-groups/${group.id}`);
      return r.status === 404 ? r : undefined;
    }, { timeoutMs: 10_000 });
    expect(reply.body.code).to.equal("not_found");
    expect(await docker.listContainers({ all: true, filters: { label: [`eci.group=${group.id}`] } })).to.have.length(0);
  });

  it("Never fails the group when an init container fails, without starting the work containers", async () => {
    const group = await t.api.createGroup({
      name: "init-fails",
      restartPolicy: "Never",
      containers: [
        { name: "migrate", type: "init", image: BUSYBOX, command: ["sh", "-c", "echo no database >&2; exit 2"] },
        { name: "app", image: BUSYBOX, command: sleepForever },
      ],
    });
    const g = await t.api.waitForStatus(group.id, "failed");
    expect(g.statusReason).to.equal("init container migrate failed (exit code 2) and the restart policy is Never");
    expect(g.containers[1]).to.include({ state: "waiting", reason: "PodInitializing" });
    expect(await t.api.logs(group.id, "migrate")).to.equal("no database\n");
  });

  it("Always restarts with exponential back-off and reports the crash loop", async () => {
    const group = await t.api.createGroup({ name: "crashloop", containers: [{ name: "crash", image: BUSYBOX, command: ["sh", "-c", "exit 1"] }] });
    const g = await t.api.waitForGroup(group.id, "to restart 4 times", (g) => g.containers[0].restartCount >= 4, 20_000);
    expect(g.healthStatus).to.equal("unhealthy");
    const backoffs = (await t.api.events(group.id)).filter((e) => e.reason === "BackOff").map((e) => e.message);
    expect(backoffs.slice(0, 4)).to.deep.equal([
      "Back-off 300ms restarting container crash",
      "Back-off 600ms restarting container crash",
      "Back-off 1.2s restarting container crash",
      "Back-off 2s restarting container crash",
    ]);
    const waiting = await t.api.waitForGroup(group.id, "to show the back-off", (g) => g.containers[0].reason === "CrashLoopBackOff", 10_000);
    expect(waiting.containers[0]).to.include({ state: "waiting", exitCode: 1 });
    expect(waiting.containers[0].message).to.match(/^back-off \d+s restarting container crash, which ended with Error \(exit code 1\)/);
  });

  it("reports an OOM kill as OOMKilled and the group as unhealthy", async () => {
    const group = await t.api.createGroup({
      name: "oom",
      restartPolicy: "Never",
      containers: [{ name: "hog", image: BUSYBOX, memory: 0.0625, command: ["dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1"] }],
    });
    const g = await t.api.waitForStatus(group.id, "failed");
    expect(g.healthStatus).to.equal("unhealthy");
    expect(g.containers[0]).to.include({ state: "terminated", reason: "OOMKilled", exitCode: 137 });
    const oom = (await t.api.events(group.id)).find((e) => e.reason === "OOMKilled");
    expect(oom?.type).to.equal("Warning");
  });

  it("enforces the group's normalized memory on the group as a whole", async () => {
    // 0.25 GiB requested in all: the group is normalized to 0.25 vCPU / 0.5 GiB. The hog has no limit of its own.
    const group = await t.api.createGroup({
      name: "group-limit",
      restartPolicy: "Never",
      containers: [
        { name: "small", image: BUSYBOX, memory: 0.25, command: sleepForever },
        { name: "hog", image: BUSYBOX, command: ["dd", "if=/dev/zero", "of=/dev/null", "bs=768M", "count=1"] },
      ],
    });
    const g = await t.api.waitForGroup(group.id, "to have the hog killed", (g) => g.containers[1].state === "terminated");
    expect(g).to.include({ cpu: 0.25, memory: 0.5 });
    expect(g.containers[1]).to.include({ reason: "OOMKilled", exitCode: 137 });
    expect(g.containers[0].state).to.equal("running");
  });

  it("starts a dead sandbox again in place, restarts every container once, and reports it once", async () => {
    const group = await t.api.createGroup({
      name: "sandbox-dies",
      containers: [
        { name: "web", image: BUSYBOX, command: ["httpd", "-f", "-p", "8080"], ports: [{ port: 8080 }] },
        { name: "side", image: BUSYBOX, command: sleepForever },
      ],
    });
    const before = await t.api.waitForGroup(group.id, "running and healthy", (g) => g.status === "running" && g.healthStatus === "healthy");
    const [sandbox] = await docker.listContainers({ filters: { label: [`eci.group=${group.id}`, "eci.role=infra"] } });
    await docker.getContainer(sandbox.Id).kill();
    const after = await t.api.waitForGroup(group.id, "to be running again in its sandbox", (g) =>
      g.containers.every((c) => c.state === "running" && c.restartCount === 1),
    );
    expect(after.status).to.equal("running");
    expect(after.ports[0].hostPort).to.be.a("number");
    const [again] = await docker.listContainers({ filters: { label: [`eci.group=${group.id}`, "eci.role=infra"] } });
    expect(again.Id).to.equal(sandbox.Id);
    const res = await fetch(`http://127.0.0.1:${after.ports[0].hostPort}/`);
    expect(res.status).to.equal(404); // httpd answers again, through the sandbox's published port
    expect(after.containers[1].startedAt).to.not.equal(before.containers[1].startedAt);
    const changed = (await t.api.events(group.id)).filter((e) => e.reason === "SandboxChanged");
    expect(changed).to.have.length(1);
    expect(changed[0]).to.include({ type: "Warning" });
    expect(await docker.listContainers({ all: true, filters: { label: [`eci.group=${group.id}`] } })).to.have.length(3);
  });
});

