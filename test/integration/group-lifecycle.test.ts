import { expect } from "chai";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, engineContainers, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const BUSYBOX = TEST_IMAGES.busybox;

describe("container groups on Docker", () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t?.close());

  it("runs init containers one at a time, in order, before the work containers", async () => {
    const group = await t.api.createGroup({
      name: "init-order",
      shmSizeMB: 16,
      containers: [
        { name: "first", type: "init", image: BUSYBOX, command: ["sh", "-c", "sleep 0.3; echo first >> /dev/shm/order"] },
        { name: "second", type: "init", image: BUSYBOX, command: ["sh", "-c", "echo second >> /dev/shm/order"] },
        { name: "app", image: BUSYBOX, command: ["sh", "-c", "echo app >> /dev/shm/order; cat /dev/shm/order; sleep 3600"] },
      ],
    });
    expect(group.status).to.equal("pending");
    const running = await t.api.waitForGroup(group.id, "running and healthy", (g) => g.status === "running" && g.healthStatus === "healthy");
    expect(running.containers.map((c) => [c.name, c.state, c.reason])).to.deep.equal([
      ["first", "terminated", "Completed"],
      ["second", "terminated", "Completed"],
      ["app", "running", null],
    ]);
    const logs = await waitFor("the app's output", async () => ((await t.api.logs(group.id, "app")).includes("app") ? t.api.logs(group.id, "app") : undefined));
    expect(logs).to.equal("first\nsecond\napp\n");
  });

  it("lets the containers of a group talk over localhost and publishes declared ports on 127.0.0.1", async () => {
    const group = await t.api.createGroup({
      name: "localhost",
      shmSizeMB: 16,
      containers: [
        { name: "page", type: "init", image: BUSYBOX, command: ["sh", "-c", "echo hello from the group > /dev/shm/index.html"] },
        { name: "web", image: BUSYBOX, command: ["httpd", "-f", "-p", "8080", "-h", "/dev/shm"], ports: [{ port: 8080 }] },
        { name: "client", image: BUSYBOX, command: ["sh", "-c", "until wget -qO- http://127.0.0.1:8080/ 2>/dev/null; do sleep 0.1; done; sleep 3600"] },
      ],
    });
    const running = await t.api.waitForGroup(group.id, "running and healthy", (g) => g.status === "running" && g.healthStatus === "healthy");
    const clientLogs = await waitFor("the client's output", async () => {
      const logs = await t.api.logs(group.id, "client");
      return logs.includes("hello") ? logs : undefined;
    });
    expect(clientLogs).to.equal("hello from the group\n");
    expect(running.privateIp).to.match(/^\d+\.\d+\.\d+\.\d+$/);
    const [published] = running.ports;
    expect(published).to.include({ port: 8080, protocol: "TCP", hostIp: "127.0.0.1" });
    const res = await fetch(`http://127.0.0.1:${published.hostPort}/`);
    expect(await res.text()).to.equal("hello from the group\n");
  });

  it("runs images that have no shell", async () => {
    const group = await t.api.createGroup({ name: "no-shell", containers: [{ name: "app", image: TEST_IMAGES.noshell }] });
    const running = await t.api.waitForGroup(group.id, "running and healthy", (g) => g.status === "running" && g.healthStatus === "healthy");
    expect(running.containers[0]).to.include({ state: "running", ready: true });
  });

  it("records events in the order things happened", async () => {
    const group = await t.api.createGroup({
      name: "events",
      restartPolicy: "Never",
      containers: [
        { name: "setup", type: "init", image: BUSYBOX, command: ["true"] },
        { name: "job", image: BUSYBOX, command: ["sh", "-c", "exit 0"] },
      ],
    });
    await t.api.waitForStatus(group.id, "succeeded");
    const events = await t.api.events(group.id);
    expect(events.map((e) => `${e.reason}${e.container ? `:${e.container}` : ""}`)).to.deep.equal([
      "Scheduled",
      "Created:setup",
      "Started:setup",
      "Completed:setup",
      "Created:job",
      "Started:job",
      "Completed:job",
      "GroupSucceeded",
    ]);
    const ids = events.map((e) => e.id);
    expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
    const times = events.map((e) => Date.parse(e.createdAt));
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
  });

  it("deletes a group with every one of its containers", async () => {
    const group = await t.api.createGroup({ name: "doomed", containers: [{ name: "a", image: BUSYBOX, command: ["sleep", "3600"] }, { name: "b", image: BUSYBOX, command: ["sleep", "3600"] }] });
    await t.api.waitForStatus(group.id, "running");
    const owned = async () => (await engineContainers(t.engine.engineId)).filter((c) => c.Labels["eci.group"] === group.id);
    expect(await owned()).to.have.length(3);
    const reply = await t.api.request("DELETE", `/v1/container-groups/${group.id}`);
    expect(reply.status).to.equal(202);
    expect(reply.body.status).to.equal("deleting");
    await waitFor("the group to be gone", async () => ((await t.api.request("GET", `/v1/container-groups/${group.id}`)).status === 404 ? true : undefined));
    expect(await owned()).to.have.length(0);
  });
});

describe("container settings on Docker", () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t?.close());

  it("applies command, args, env and workingDir with Docker's semantics", async () => {
    const group = await t.api.createGroup({
      name: "settings",
      restartPolicy: "Never",
      containers: [
        { name: "both", image: BUSYBOX, command: ["sh", "-c"], args: ['echo "$MODE in $(pwd)"'], env: { MODE: "batch" }, workingDir: "/tmp" },
        // Only args: the image's CMD (sh) is replaced, as Kubernetes does.
        { name: "args", image: BUSYBOX, args: ["echo", "from args"] },
      ],
    });
    await t.api.waitForStatus(group.id, "succeeded");
    expect(await t.api.logs(group.id, "both")).to.equal("batch in /tmp\n");
    expect(await t.api.logs(group.id, "args")).to.equal("from args\n");
  });

  it("limits each container to its own cpu and memory", async () => {
    const group = await t.api.createGroup({
      name: "limits",
      restartPolicy: "Never",
      containers: [{ name: "app", image: BUSYBOX, cpu: 0.5, memory: 0.25, command: ["cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] }],
    });
    const g = await t.api.waitForStatus(group.id, "succeeded");
    expect(g).to.include({ cpu: 0.5, memory: 1 });
    expect(await t.api.logs(group.id, "app")).to.equal(`50000\n${256 * 1024 * 1024}\n`);
  });

  it("shares /dev/shm of shmSizeMB between the containers of a group", async () => {
    const group = await t.api.createGroup({
      name: "shm",
      shmSizeMB: 32,
      containers: [
        { name: "writer", image: BUSYBOX, command: ["sh", "-c", "echo shared > /dev/shm/note; sleep 3600"] },
        { name: "reader", image: BUSYBOX, command: ["sh", "-c", "until [ -f /dev/shm/note ]; do sleep 0.1; done; cat /dev/shm/note; df -m /dev/shm | tail -1; sleep 3600"] },
      ],
    });
    const logs = await waitFor("the reader's output", async () => {
      const out = await t.api.logs(group.id, "reader");
      return out.includes("shm") ? out : undefined;
    });
    expect(logs.split("\n")[0]).to.equal("shared");
    expect(logs.split("\n")[1].split(/\s+/)[1]).to.equal("32");
  });
});
