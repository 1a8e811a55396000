import { existsSync, readFileSync, readdirSync } from "node:fs";
import { expect } from "chai";
import type { ContainerGroup } from "@eci/sdk";
import { silentLogger } from "../../engine/src/logger";
import { DockerContainerRuntime } from "../../engine/src/runtime/docker-container-runtime";
import { LABELS } from "../../engine/src/runtime/labels";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const IMAGE = TEST_IMAGES.busybox;
const MiB = 1024 * 1024;
const CGROUP = "/sys/fs/cgroup";
const sleepForever = ["sleep", "3600"];

/** A file of the group's parent cgroup, read on the host as an operator would. */
const groupFile = (groupId: string, file: string) => readFileSync(`${CGROUP}/${file.startsWith("cpu.") ? "cpu" : "memory"}/eci/${groupId}/${file}`, "utf8").trim();
const groupLimits = (groupId: string) => ({ cpuQuotaUs: Number(groupFile(groupId, "cpu.cfs_quota_us")), memoryBytes: Number(groupFile(groupId, "memory.limit_in_bytes")) });

/** What a process in the container reads in its own memory cgroup: the lowest limit of its cgroup and its parents. */
async function hierarchicalMemoryLimit(containerId: string): Promise<number> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: ["grep", "hierarchical_memory_limit", "/sys/fs/cgroup/memory/memory.stat"], AttachStdout: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise((resolve) => stream.on("data", (c: Buffer) => chunks.push(c)).on("end", resolve));
  return Number(/hierarchical_memory_limit (\d+)/.exec(Buffer.concat(chunks).toString())?.[1]);
}

describe("group limits on the daemon's cgroups (cgroup v1, cgroupfs)", function () {
  let t: TestEngine;
  before(async function () {
    const info = (await docker.info()) as { CgroupDriver?: string; CgroupVersion?: string };
    // Other hosts are covered by the unit tests of runtime/group-cgroup.ts.
    if (info.CgroupDriver !== "cgroupfs" || info.CgroupVersion !== "1") this.skip();
    t = await startTestEngine();
  });
  after(async () => t?.close());

  const containerIds = async (groupId: string) => {
    const list = await docker.listContainers({ all: true, filters: { label: [`${LABELS.group}=${groupId}`] } });
    return new Map(list.map((c) => [c.Labels[LABELS.container] || "sandbox", c.Id]));
  };

  it("limits a group as a whole: containers without limits of their own together go over its memory, and the largest is OOM-killed", async () => {
    // The init container's request makes the group the smallest size, 0.25 vCPU / 0.5 GiB; the work containers have no limit.
    const group = await t.api.createGroup({
      name: "shared-memory",
      restartPolicy: "Never",
      shmSizeMB: 16,
      containers: [
        { name: "size", type: "init", image: IMAGE, cpu: 0.25, memory: 0.5, command: ["true"] },
        // dd holds its 200 MiB block while the pipe it writes to is never read; the flag says the block is filled.
        { name: "holder", image: IMAGE, command: ["sh", "-c", "dd if=/dev/zero bs=200M count=1 2>/dev/null | (head -c 1 >/dev/null; touch /dev/shm/held; exec sleep 3600)"] },
        // 350 MiB fits the group alone; with the holder's 200 MiB it does not.
        { name: "hog", image: IMAGE, command: ["sh", "-c", "until [ -f /dev/shm/held ]; do sleep 0.1; done; exec dd if=/dev/zero of=/dev/null bs=350M count=1"] },
      ],
    });
    const g = await t.api.waitForGroup(group.id, "to have the hog ended", (g) => g.containers.find((c) => c.name === "hog")?.state === "terminated");
    expect(g).to.include({ cpu: 0.25, memory: 0.5 });
    expect(g.containers.find((c) => c.name === "hog")).to.include({ reason: "OOMKilled", exitCode: 137 });
    expect(g.containers.find((c) => c.name === "holder")?.state).to.equal("running");

    expect(groupLimits(group.id)).to.deep.equal({ cpuQuotaUs: 25_000, memoryBytes: 512 * MiB });
    // The sandbox and the members are children of the group's parent cgroup.
    const ids = await containerIds(group.id);
    for (const name of ["sandbox", "holder"]) {
      const pid = (await docker.getContainer(ids.get(name) as string).inspect()).State.Pid;
      expect(readFileSync(`/proc/${pid}/cgroup`, "utf8"), name).to.match(new RegExp(`:memory:/eci/${group.id}/${ids.get(name)}\\n`));
    }
    expect(await hierarchicalMemoryLimit(ids.get("holder") as string)).to.equal(512 * MiB);

    await t.api.request("DELETE", `/v1/container-groups/${group.id}`);
    await waitFor("the group to be gone", async () => ((await t.api.request("GET", `/v1/container-groups/${group.id}`)).status === 404 ? true : undefined));
    const left = readdirSync(CGROUP).filter((h) => existsSync(`${CGROUP}/${h}/eci/${group.id}`));
    expect(left, "hierarchies still holding the group's cgroup").to.deep.equal([]);
  });

  it("changes the group's limit online when an update resizes it, up and down, without restarting the other containers", async () => {
    const spec = (cpu: number, memory: number) => ({
      name: "resized",
      containers: [
        { name: "sizer", image: IMAGE, cpu, memory, command: sleepForever },
        { name: "free", image: IMAGE, command: sleepForever },
      ],
    });
    const group = await t.api.createGroup(spec(0.25, 0.5));
    const before = await t.api.waitForStatus(group.id, "running");
    expect(groupLimits(group.id)).to.deep.equal({ cpuQuotaUs: 25_000, memoryBytes: 512 * MiB });
    const freeStarted = before.containers.find((c) => c.name === "free")?.startedAt;

    const resizedTo = async (cpu: number, memory: number): Promise<ContainerGroup> => {
      const reply = await t.api.request("PUT", `/v1/container-groups/${group.id}`, spec(cpu, memory));
      expect(reply.status, JSON.stringify(reply.body)).to.equal(202);
      return t.api.waitForGroup(group.id, `resized to ${cpu} vCPU`, (g) => g.status === "running" && g.cpu === cpu && g.containers.every((c) => c.state === "running") && g.containers.find((c) => c.name === "sizer")?.cpu === cpu);
    };
    const grown = await resizedTo(1, 2);
    expect(grown).to.include({ cpu: 1, memory: 2 });
    expect(groupLimits(group.id)).to.deep.equal({ cpuQuotaUs: 100_000, memoryBytes: 2048 * MiB });
    expect(await hierarchicalMemoryLimit((await containerIds(group.id)).get("free") as string)).to.equal(2048 * MiB);

    // Down again: the old 1-vCPU container is still there when the group shrinks (cgroup v1 refuses a parent quota below a child's).
    const shrunk = await resizedTo(0.25, 0.5);
    expect(groupLimits(group.id)).to.deep.equal({ cpuQuotaUs: 25_000, memoryBytes: 512 * MiB });
    expect(shrunk.containers.find((c) => c.name === "free")?.startedAt).to.equal(freeStarted);
    const resized = (await t.api.events(group.id)).filter((e) => e.reason === "Resized").map((e) => e.message);
    expect(resized).to.deep.equal(["Group limits set to 1 vCPU and 2 GiB", "Group limits set to 0.25 vCPU and 0.5 GiB"]);
  });
});

describe("group limits of a group made before the per-group parent cgroup", function () {
  const engineId = "eng-limits01";
  const groupId = "cg-legacy01";
  let runtime: DockerContainerRuntime;
  before(async function () {
    const info = (await docker.info()) as { CgroupDriver?: string; CgroupVersion?: string };
    if (info.CgroupDriver !== "cgroupfs" || info.CgroupVersion !== "1") this.skip();
    runtime = new DockerContainerRuntime(docker, engineId, silentLogger);
    await runtime.prepare();
  });
  after(async () => {
    const left = await docker.listContainers({ all: true, filters: { label: [`${LABELS.engine}=${engineId}`] } });
    await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
  });

  it("adds members inside the old sandbox's cgroup, which holds the group's limit, and resizes it there", async () => {
    // The layout of earlier engines: the sandbox under /eci with the group's limit, members nested in it.
    const old = await docker.createContainer({
      name: `eci-${groupId}`,
      Image: IMAGE,
      Cmd: sleepForever,
      Labels: { [LABELS.engine]: engineId, [LABELS.group]: groupId, [LABELS.role]: "infra", [LABELS.container]: "", [LABELS.specHash]: "old" },
      HostConfig: { Init: true, CgroupParent: "/eci", NanoCpus: 0.5e9, Memory: 512 * MiB, MemorySwap: 512 * MiB },
    });
    await old.start();
    const member = (name: string, cpu?: number) =>
      runtime.createMember({ groupId, sandboxId: old.id, role: "work", name, specHash: "h", image: IMAGE, command: sleepForever, env: {}, nanoCpus: cpu, sharedMemory: false, maxLogSizeMB: 1, mounts: [] });
    const free = await member("free");
    const own = await member("own", 0.5e9);
    await Promise.all([free, own].map((id) => runtime.startContainer(id)));
    expect((await docker.getContainer(free).inspect()).HostConfig.CgroupParent).to.equal(`/eci/${old.id}`);
    expect(await hierarchicalMemoryLimit(free)).to.equal(512 * MiB);

    await runtime.resizeSandbox(old.id, { nanoCpus: 0.25e9, memoryBytes: 1024 * MiB });
    const file = (hierarchy: string, name: string) => Number(readFileSync(`${CGROUP}/${hierarchy}/eci/${old.id}/${name}`, "utf8"));
    expect([file("cpu", "cpu.cfs_quota_us"), file("memory", "memory.limit_in_bytes")]).to.deep.equal([25_000, 1024 * MiB]);
    expect(await hierarchicalMemoryLimit(free)).to.equal(1024 * MiB);
  });
});
