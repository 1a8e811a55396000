import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { silentLogger } from "../logger";
import { CgroupfsGroupCgroups } from "./cgroupfs-group-cgroups";

const GiB = 1024 ** 3;

/** A directory tree standing in for /sys/fs/cgroup: files the kernel would offer are made by the test. */
describe("CgroupfsGroupCgroups", () => {
  let root: string;
  const read = (file: string) => readFileSync(path.join(root, file), "utf8");
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "limits-cgroupfs-"));
    for (const h of ["cpu", "cpuacct", "memory", "pids"]) mkdirSync(path.join(root, h));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("makes the group's parent under cpu and memory with its limit, and answers the parent for Docker (v1)", async () => {
    const cgroups = new CgroupfsGroupCgroups({ version: "1", driver: "cgroupfs" }, root, silentLogger);
    expect(await cgroups.apply("cg-a", { nanoCpus: 0.5e9, memoryBytes: GiB })).to.equal("/eci/cg-a");
    expect(read("cpu/eci/cg-a/cpu.cfs_quota_us")).to.equal("50000");
    expect(read("memory/eci/cg-a/memory.limit_in_bytes")).to.equal(String(GiB));
    // Without swap accounting the kernel offers no memsw file, and none is made.
    expect(existsSync(path.join(root, "memory/eci/cg-a/memory.memsw.limit_in_bytes"))).to.equal(false);
  });

  it("lowers a child's quota above a shrinking group's before lowering the group's (v1)", async () => {
    const cgroups = new CgroupfsGroupCgroups({ version: "1", driver: "cgroupfs" }, root, silentLogger);
    await cgroups.apply("cg-a", { nanoCpus: 1e9, memoryBytes: GiB });
    for (const [child, quota] of [["stale", "100000"], ["small", "20000"]]) {
      mkdirSync(path.join(root, "cpu/eci/cg-a", child));
      writeFileSync(path.join(root, "cpu/eci/cg-a", child, "cpu.cfs_quota_us"), quota);
      writeFileSync(path.join(root, "cpu/eci/cg-a", child, "cpu.cfs_period_us"), "100000");
    }
    await cgroups.apply("cg-a", { nanoCpus: 0.25e9, memoryBytes: GiB }, { nanoCpus: 1e9, memoryBytes: GiB });
    expect(["cg-a", "cg-a/stale", "cg-a/small"].map((d) => read(`cpu/eci/${d}/cpu.cfs_quota_us`))).to.deep.equal(["25000", "25000", "20000"]);
  });

  it("enables the controllers down to the group and writes cpu.max and memory.max (v2)", async () => {
    const cgroups = new CgroupfsGroupCgroups({ version: "2", driver: "cgroupfs" }, root, silentLogger);
    await cgroups.apply("cg-a", { nanoCpus: 0.5e9, memoryBytes: GiB });
    expect([read("cgroup.subtree_control"), read("eci/cgroup.subtree_control"), read("eci/cg-a/cpu.max"), read("eci/cg-a/memory.max")]).to.deep.equal([
      "+cpu +memory",
      "+cpu +memory",
      "50000 100000",
      String(GiB),
    ]);
  });

  it("removes the group's directory from every hierarchy, and does not mind one already gone", async () => {
    const cgroups = new CgroupfsGroupCgroups({ version: "1", driver: "cgroupfs" }, root, silentLogger);
    await cgroups.apply("cg-a", { nanoCpus: 0.5e9, memoryBytes: GiB });
    for (const file of ["cpu/eci/cg-a/cpu.cfs_quota_us", "cpu/eci/cg-a/cpu.cfs_period_us", "memory/eci/cg-a/memory.limit_in_bytes"]) rmSync(path.join(root, file)); // the kernel's files go with the directory
    mkdirSync(path.join(root, "pids/eci/cg-a"), { recursive: true }); // made by runc
    await cgroups.remove("cg-a");
    expect(["cpu", "memory", "pids", "cpuacct"].map((h) => existsSync(path.join(root, h, "eci/cg-a")))).to.deep.equal([false, false, false, false]);
    await cgroups.remove("cg-a");
  });

  it("at start, removes the parents no container is in and keeps those with one", async () => {
    const cgroups = new CgroupfsGroupCgroups({ version: "1", driver: "cgroupfs" }, root, silentLogger);
    for (const h of ["cpu", "cpuacct", "memory", "pids"]) {
      mkdirSync(path.join(root, h, "eci/cg-left"), { recursive: true });
      mkdirSync(path.join(root, h, "eci/cg-used/f00d"), { recursive: true }); // a container's cgroup
    }
    mkdirSync(path.join(root, "memory/eci/0123abcd")); // a sandbox's cgroup in the layout before: not a group parent
    await cgroups.removeUnused();
    expect(readdirSync(path.join(root, "memory/eci")).sort()).to.deep.equal(["0123abcd", "cg-used"]);
    expect(readdirSync(path.join(root, "pids/eci"))).to.deep.equal(["cg-used"]);
  });
});
