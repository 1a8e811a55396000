import { expect } from "chai";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const IMAGE = TEST_IMAGES.busybox;

describe("volumes and disks", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(async () => t?.close());

  const createDisk = async (body: object = {}) => {
    const reply = await t.api.request("POST", "/v1/disks", { name: "data", ...body });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body as { id: string };
  };
  const deleteGroup = async (id: string) => {
    await t.api.request("DELETE", `/v1/container-groups/${id}`);
    await waitFor(`group ${id} to be gone`, async () => ((await t.api.request("GET", `/v1/container-groups/${id}`)).status === 404 ? true : undefined));
  };
  /** Runs a one-shot container with the volume at /data and returns what it printed. */
  const runOnDisk = async (diskId: string, script: string, mount: object = {}) => {
    const group = await t.api.createGroup({
      name: "job",
      restartPolicy: "Never",
      volumes: [{ name: "data", disk: { diskId } }],
      containers: [{ name: "job", image: IMAGE, command: ["sh", "-c", script], volumeMounts: [{ volume: "data", mountPath: "/data", ...mount }] }],
    });
    const done = await t.api.waitForGroup(group.id, "succeeded", (g) => g.status === "succeeded" || g.status === "failed");
    const output = await t.api.logs(group.id, "job");
    expect(done.status, output).to.equal("succeeded");
    await deleteGroup(group.id);
    return output;
  };

  it("mounts config files read-only, one of them alone with subPath, and re-creates only their containers when edited", async () => {
    const volumes = (content: string) => [{ name: "conf", configFile: { files: [{ path: "app.conf", content }, { path: "extra/notes.txt", content: "notes\n" }] } }];
    const group = await t.api.createGroup({
      name: "config",
      volumes: volumes("mode=one\n"),
      containers: [
        { name: "reader", image: IMAGE, command: ["sh", "-c", "cat /etc/app/app.conf /etc/app/extra/notes.txt; touch /etc/app/new 2>&1; sleep 3600"], volumeMounts: [{ volume: "conf", mountPath: "/etc/app" }] },
        { name: "single", image: IMAGE, command: ["sh", "-c", "cat /app.conf; sleep 3600"], volumeMounts: [{ volume: "conf", mountPath: "/app.conf", subPath: "app.conf" }] },
        { name: "other", image: IMAGE, command: ["sleep", "3600"] },
      ],
    });
    const running = await t.api.waitForStatus(group.id, "running");
    await waitFor("the readers' output", async () => ((await t.api.logs(group.id, "single")) === "mode=one\n" ? true : undefined));
    expect(await t.api.logs(group.id, "reader")).to.equal("mode=one\nnotes\ntouch: /etc/app/new: Read-only file system\n");

    const spec = { name: "config", containers: running.containers.map(({ name, image, command, volumeMounts }) => ({ name, image, command, volumeMounts })) };
    const edited = await t.api.request("PUT", `/v1/container-groups/${group.id}`, { ...spec, volumes: volumes("mode=two\n") });
    expect(edited.status, JSON.stringify(edited.body)).to.equal(202);
    await waitFor("the edited file", async () => ((await t.api.logs(group.id, "single")) === "mode=two\n" ? true : undefined));
    const after = await t.api.waitForStatus(group.id, "running");
    const started = (g: typeof after, name: string) => g.containers.find((c) => c.name === name)?.startedAt;
    expect(started(after, "other")).to.equal(started(running, "other"));
    expect(started(after, "reader")).to.not.equal(started(running, "reader"));
    await deleteGroup(group.id);
  });

  it("keeps a disk's data across groups and an engine restart, and lets a subPath mount see only its directory", async () => {
    const disk = await createDisk({ type: "performance", sizeGB: 40 });
    expect(await runOnDisk(disk.id, "echo first >> /data/log; cat /data/log")).to.equal("first\n");
    expect(await runOnDisk(disk.id, "echo second >> /data/log; cat /data/log")).to.equal("first\nsecond\n");
    expect(await runOnDisk(disk.id, "echo inside > /data/file; ls /data", { subPath: "app/state" })).to.equal("file\n");
    expect(await runOnDisk(disk.id, "cat /data/app/state/file")).to.equal("inside\n");

    // The engine restarts on the same data directory: the disk and its data are still there.
    await t.engine.close();
    t = await startTestEngine({}, t.dataDir);
    expect((await t.api.request("GET", `/v1/disks/${disk.id}`)).body).to.include({ id: disk.id, status: "available", sizeGB: 40 });
    expect(await runOnDisk(disk.id, "cat /data/log")).to.equal("first\nsecond\n");
  });

  it("attaches a disk to one group at a time and refuses deleting it while attached", async () => {
    const disk = await createDisk();
    const spec = (name: string) => ({ name, volumes: [{ name: "data", disk: { diskId: disk.id } }], containers: [{ name: "app", image: IMAGE, command: ["sleep", "3600"], volumeMounts: [{ volume: "data", mountPath: "/data" }] }] });
    const holder = await t.api.createGroup(spec("holder"));
    expect((await t.api.request("GET", `/v1/disks/${disk.id}`)).body).to.include({ status: "in-use", attachedTo: holder.id });
    const second = await t.api.request("POST", "/v1/container-groups", spec("second"));
    expect(second.status).to.equal(409);
    expect(second.body).to.include({ code: "in_use", message: `Disk ${disk.id} is attached to container group ${holder.id}; a disk is attached to one group at a time` });
    const removal = await t.api.request("DELETE", `/v1/disks/${disk.id}`);
    expect(removal.status).to.equal(409);
    expect(removal.body.message).to.equal(`Disk ${disk.id} is attached to container group ${holder.id}; delete the group or remove the volume from it first`);
    await t.api.waitForStatus(holder.id, "running");
    await deleteGroup(holder.id);
    expect((await t.api.request("DELETE", `/v1/disks/${disk.id}`)).status).to.equal(204);
    expect(await docker.getVolume(`eci-disk-${disk.id}`).inspect().catch((e: { statusCode: number }) => e.statusCode)).to.equal(404);
  });

  it("stops a deleted group's containers with SIGTERM first, so a server can save its state on the disk", async () => {
    const disk = await createDisk();
    const saver = "trap 'echo saved on SIGTERM > /data/state; exit 0' TERM; while true; do sleep 0.1; done";
    const group = await t.api.createGroup({ name: "server", volumes: [{ name: "data", disk: { diskId: disk.id } }], containers: [{ name: "app", image: IMAGE, command: ["sh", "-c", saver], volumeMounts: [{ volume: "data", mountPath: "/data" }] }] });
    await t.api.waitForStatus(group.id, "running");
    await deleteGroup(group.id);
    expect(await runOnDisk(disk.id, "cat /data/state")).to.equal("saved on SIGTERM\n");
  });

  it("fails a group whose disk's data was removed outside the engine, saying so", async () => {
    const disk = await createDisk();
    await docker.getVolume(`eci-disk-${disk.id}`).remove();
    const group = await t.api.createGroup({ name: "lost", volumes: [{ name: "data", disk: { diskId: disk.id } }], containers: [{ name: "app", image: IMAGE, volumeMounts: [{ volume: "data", mountPath: "/data" }] }] });
    const failed = await t.api.waitForStatus(group.id, "failed");
    expect(failed.statusReason).to.contain(`the Docker volume of disk ${disk.id} (eci-disk-${disk.id}) no longer exists`);
    expect(failed.containers[0]).to.include({ state: "waiting", reason: "DiskMissing" });
    await deleteGroup(group.id);
  });

  it("refuses a disk type the host type cannot mount, and bad volumes, naming the field", async () => {
    const ssd = await createDisk({ type: "enterprise-ssd" });
    const wrongHost = await t.api.request("POST", "/v1/container-groups", {
      name: "wrong",
      volumes: [{ name: "data", disk: { diskId: ssd.id } }],
      containers: [{ name: "app", image: IMAGE, volumeMounts: [{ volume: "data", mountPath: "/data" }] }],
    });
    expect(wrongHost.status).to.equal(422);
    expect(wrongHost.body.details).to.deep.include({
      path: "volumes[0].disk.diskId",
      rule: "disk_type",
      value: ssd.id,
      message: "a basic group can mount basic, performance, capacity disks, not this enterprise-ssd disk",
    });
    const bad = await t.api.request("POST", "/v1/container-groups", {
      name: "bad",
      volumes: [{ name: "conf", configFile: { files: [{ path: "../etc/passwd", content: "x" }] } }, { name: "conf", disk: { diskId: "vol-00000000" } }],
      containers: [{ name: "app", image: IMAGE, volumeMounts: [{ volume: "missing", mountPath: "/x" }, { volume: "conf", mountPath: "/c", readOnly: false }] }],
    });
    expect(bad.status).to.equal(422);
    const paths = bad.body.details.map((d: { path: string }) => d.path);
    expect(paths).to.include.members(["volumes[0].configFile.files[0].path", "volumes[1].name", "containers[0].volumeMounts[0].volume", "containers[0].volumeMounts[1].readOnly"]);
  });

  it("validates disks: size steps, no shrinking, no type change; renames in place", async () => {
    const odd = await t.api.request("POST", "/v1/disks", { name: "odd", sizeGB: 25 });
    expect(odd.status).to.equal(422);
    expect(odd.body.details).to.deep.include({ path: "sizeGB", rule: "multiple_of:10", value: 25, message: "must be a multiple of 10" });
    const disk = await createDisk({ sizeGB: 100 });
    const shrink = await t.api.request("PUT", `/v1/disks/${disk.id}`, { name: "data", sizeGB: 50 });
    expect(shrink.status).to.equal(422);
    expect(shrink.body.message).to.contain("a disk can grow but not shrink; it has 100 GB");
    const retype = await t.api.request("PUT", `/v1/disks/${disk.id}`, { name: "data", sizeGB: 100, type: "capacity" });
    expect(retype.body).to.include({ code: "immutable_field" });
    expect((await t.api.request("PUT", `/v1/disks/${disk.id}`, { name: "renamed", sizeGB: 200 })).body).to.include({ name: "renamed", sizeGB: 200 });
  });
});
