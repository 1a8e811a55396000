import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { CAP_SYS_RESOURCE, hasCapability, isMountPoint } from "../../engine/src/runtime/disk-image";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const IMAGE = TEST_IMAGES.busybox;
const MiB = 1024 * 1024;

/** The loop devices backed by a file, even one deleted since (`losetup -a` lists every device with its file). */
const loopDevicesOf = (image: string) =>
  execFileSync("/usr/sbin/losetup", ["-a"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(`(${image}`))
    .join("\n");
const mounted = (dir: string) => isMountPoint(readFileSync("/proc/self/mountinfo", "utf8"), dir);

/** Whatever a failed test left of its disks: unmounted and detached, so the data directory can go. */
function releaseDisks(dataDir: string): void {
  const root = path.join(dataDir, "disks");
  if (!existsSync(root)) return;
  for (const entry of readdirSync(root)) {
    const file = path.join(root, entry);
    if (!entry.endsWith(".img")) {
      if (mounted(file)) execFileSync("/usr/bin/umount", ["-l", file]);
      continue;
    }
    for (const line of loopDevicesOf(file).split("\n").filter(Boolean)) execFileSync("/usr/sbin/losetup", ["-d", line.split(":")[0]]);
  }
}

describe("disk sizes, enforced with an ext4 image on a loop device per disk", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(async () => {
    const dataDir = t?.dataDir;
    try {
      await t?.close();
    } finally {
      if (dataDir) releaseDisks(dataDir);
    }
  });

  const image = (diskId: string) => path.join(t.dataDir, "disks", `${diskId}.img`);
  const createDisk = async (sizeGB: number) => {
    const reply = await t.api.request("POST", "/v1/disks", { name: "data", sizeGB });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body as { id: string };
  };
  const deleteGroup = async (id: string) => {
    await t.api.request("DELETE", `/v1/container-groups/${id}`);
    await waitFor(`group ${id} to be gone`, async () => ((await t.api.request("GET", `/v1/container-groups/${id}`)).status === 404 ? true : undefined));
  };
  const groupOn = (diskId: string, script: string) =>
    t.api.createGroup({
      name: "job",
      restartPolicy: "Never",
      volumes: [{ name: "data", disk: { diskId } }],
      containers: [{ name: "job", image: IMAGE, command: ["sh", "-c", script], volumeMounts: [{ volume: "data", mountPath: "/data" }] }],
    });
  /** Runs a one-shot container with the disk at /data, then deletes its group; answers what it printed. */
  const runOnDisk = async (diskId: string, script: string) => {
    const group = await groupOn(diskId, script);
    const done = await t.api.waitForGroup(group.id, "to finish", (g) => g.status === "succeeded" || g.status === "failed");
    const output = await t.api.logs(group.id, "job");
    expect(done.status, output).to.equal("succeeded");
    await deleteGroup(group.id);
    return output;
  };
  /** The size of /data in GiB as `df` shows it in a container: the disk's, less ext4's own tables and journal (under 3%). */
  const dfGiB = async (diskId: string) => Number((await runOnDisk(diskId, "df -k /data | tail -1")).trim().split(/\s+/)[1]) / MiB;

  it("refuses writing past a 20 GB disk with No space left on device, keeps what fits across groups, and costs the host only what is written", async () => {
    const disk = await createDisk(20);
    const out = await runOnDisk(disk.id, "echo kept > /data/small; fallocate -l 21G /data/big 2>&1; echo \"exit $?\"; rm -f /data/big");
    expect(out).to.match(/No space left on device\nexit 1\n$/);
    expect(await runOnDisk(disk.id, "cat /data/small")).to.equal("kept\n");
    expect(await dfGiB(disk.id)).to.be.within(20 * 0.97, 20);
    // The image is sparse: a 20 GiB file system and a refused 21 GiB allocation use a few MiB of the host's disk.
    const { size, blocks } = statSync(image(disk.id));
    expect(size).to.equal(20 * 1024 * MiB);
    expect(blocks * 512).to.be.below(64 * MiB);
  });

  it("grows a disk no group holds, and df in a container shows the new size; a disk a group holds grows only where the engine may grow a mounted file system", async () => {
    const disk = await createDisk(20);
    await runOnDisk(disk.id, "echo before > /data/note");
    const holder = await groupOn(disk.id, "sleep 3600");
    await t.api.waitForStatus(holder.id, "running");
    const held = await t.api.request("PUT", `/v1/disks/${disk.id}`, { name: "data", sizeGB: 30 });
    if (hasCapability(readFileSync("/proc/self/status", "utf8"), CAP_SYS_RESOURCE)) {
      expect(held.status).to.equal(200);
    } else {
      // This machine: the engine is root without CAP_SYS_RESOURCE, which ext4's online resize asks for.
      expect(held.status).to.equal(409);
      expect(held.body).to.include({
        code: "in_use",
        message: `Disk ${disk.id} cannot grow while a group holds it: this host does not let the engine grow a mounted file system (it lacks CAP_SYS_RESOURCE); remove the disk from its group, grow it, then mount it again`,
      });
      expect((await t.api.request("GET", `/v1/disks/${disk.id}`)).body.sizeGB).to.equal(20);
      await deleteGroup(holder.id);
      const grown = await t.api.request("PUT", `/v1/disks/${disk.id}`, { name: "data", sizeGB: 30 });
      expect(grown.status, JSON.stringify(grown.body)).to.equal(200);
    }
    await deleteGroup(holder.id).catch(() => {});
    expect((await t.api.request("GET", `/v1/disks/${disk.id}`)).body.sizeGB).to.equal(30);
    expect(await dfGiB(disk.id)).to.be.within(30 * 0.97, 30);
    expect(await runOnDisk(disk.id, "cat /data/note")).to.equal("before\n");
  });

  it("lets go of the disks when the engine stops and mounts them again when it starts, as after a reboot", async () => {
    const disk = await createDisk(20);
    await runOnDisk(disk.id, "echo survives > /data/note");
    await t.engine.close();
    expect([loopDevicesOf(image(disk.id)), mounted(path.join(t.dataDir, "disks", disk.id))]).to.deep.equal(["", false]);
    t = await startTestEngine({}, t.dataDir);
    expect(loopDevicesOf(image(disk.id))).to.match(/^\/dev\/loop\d+: /);
    expect(await runOnDisk(disk.id, "cat /data/note; df -k /data | tail -1 | awk '{print $2}'")).to.match(/^survives\n\d+\n$/);
  });

  it("deletes a disk's storage with it: no loop device and no image left", async () => {
    const disk = await createDisk(20);
    expect(loopDevicesOf(image(disk.id))).to.match(/^\/dev\/loop\d+: /);
    expect((await t.api.request("DELETE", `/v1/disks/${disk.id}`)).status).to.equal(204);
    expect([loopDevicesOf(image(disk.id)), existsSync(image(disk.id)), existsSync(path.join(t.dataDir, "disks", disk.id))]).to.deep.equal(["", false, false]);
  });
});
