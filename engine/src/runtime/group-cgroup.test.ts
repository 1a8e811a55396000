import { expect } from "chai";
import { cpuQuotaUs, groupCgroupParent, groupCgroupPlan, groupCgroupRemoval, groupSlice, memberCgroupParent, quotaClamps } from "./group-cgroup";

const GiB = 1024 ** 3;
const half = { nanoCpus: 0.5e9, memoryBytes: GiB };

describe("groupCgroupPlan", () => {
  it("on cgroup v1 with cgroupfs, makes eci/<group> under cpu and memory with a 50000/100000 quota for 0.5 vCPU", () => {
    expect(groupCgroupPlan({ version: "1", driver: "cgroupfs" }, "cg-abc12345", half)).to.deep.equal({
      driver: "cgroupfs",
      cgroupParent: "/eci/cg-abc12345",
      directories: ["cpu/eci", "cpu/eci/cg-abc12345", "memory/eci", "memory/eci/cg-abc12345"],
      writes: [
        { file: "cpu/eci/cg-abc12345/cpu.cfs_period_us", value: "100000" },
        { file: "cpu/eci/cg-abc12345/cpu.cfs_quota_us", value: "50000" },
        { file: "memory/eci/cg-abc12345/memory.limit_in_bytes", value: String(GiB) },
        { file: "memory/eci/cg-abc12345/memory.memsw.limit_in_bytes", value: String(GiB), optional: true },
      ],
    });
  });

  it("on cgroup v1, writes memory+swap before memory when the limit grows, and after it when it shrinks", () => {
    const files = (previous: number) => {
      const plan = groupCgroupPlan({ version: "1", driver: "cgroupfs" }, "cg-a", { nanoCpus: 1e9, memoryBytes: 2 * GiB }, { nanoCpus: 1e9, memoryBytes: previous });
      return plan.driver === "cgroupfs" && plan.writes.slice(2).map((w) => w.file.split("/").pop());
    };
    expect(files(GiB)).to.deep.equal(["memory.memsw.limit_in_bytes", "memory.limit_in_bytes"]);
    expect(files(4 * GiB)).to.deep.equal(["memory.limit_in_bytes", "memory.memsw.limit_in_bytes"]);
  });

  it("on cgroup v2 with cgroupfs, enables cpu and memory down to the group and writes cpu.max \"50000 100000\" and memory.max", () => {
    expect(groupCgroupPlan({ version: "2", driver: "cgroupfs" }, "cg-abc12345", half)).to.deep.equal({
      driver: "cgroupfs",
      cgroupParent: "/eci/cg-abc12345",
      directories: ["eci", "eci/cg-abc12345"],
      writes: [
        { file: "cgroup.subtree_control", value: "+cpu +memory" },
        { file: "eci/cgroup.subtree_control", value: "+cpu +memory" },
        { file: "eci/cg-abc12345/cpu.max", value: "50000 100000" },
        { file: "eci/cg-abc12345/memory.max", value: String(GiB) },
        { file: "eci/cg-abc12345/memory.swap.max", value: "0", optional: true },
        { file: "eci/cg-abc12345/cgroup.subtree_control", value: "+cpu +memory" },
      ],
    });
  });

  it("with the systemd driver on cgroup v1, puts the group in a slice with CPUQuotaPerSecUSec and MemoryLimit", () => {
    const plan = groupCgroupPlan({ version: "1", driver: "systemd" }, "cg-abc12345", half);
    expect(plan).to.deep.include({ driver: "systemd", cgroupParent: "eci-cgabc12345.slice", unit: "eci-cgabc12345.slice" });
    expect(plan.driver === "systemd" && plan.properties.filter((p) => p.type === "t")).to.deep.equal([
      { name: "CPUQuotaPerSecUSec", type: "t", value: "500000" },
      { name: "MemoryLimit", type: "t", value: String(GiB) },
    ]);
  });

  it("with the systemd driver on cgroup v2, sets MemoryMax and no swap on the slice", () => {
    const plan = groupCgroupPlan({ version: "2", driver: "systemd" }, "cg-abc12345", { nanoCpus: 2e9, memoryBytes: 4 * GiB });
    expect(plan.driver === "systemd" && plan.properties.filter((p) => p.type === "t")).to.deep.equal([
      { name: "CPUQuotaPerSecUSec", type: "t", value: "2000000" },
      { name: "MemoryMax", type: "t", value: String(4 * GiB) },
      { name: "MemorySwapMax", type: "t", value: "0" },
    ]);
  });

  it("resizes by planning the same files with the new values", () => {
    const resized = groupCgroupPlan({ version: "2", driver: "cgroupfs" }, "cg-a", { nanoCpus: 1e9, memoryBytes: 2 * GiB }, half);
    expect(resized.driver === "cgroupfs" && resized.writes.filter((w) => /cpu.max|memory.max/.test(w.file))).to.deep.equal([
      { file: "eci/cg-a/cpu.max", value: "100000 100000" },
      { file: "eci/cg-a/memory.max", value: String(2 * GiB) },
    ]);
  });

  it("writes no limit for a size of 0", () => {
    expect(cpuQuotaUs(0)).to.equal(-1);
    const plan = groupCgroupPlan({ version: "2", driver: "cgroupfs" }, "cg-a", { nanoCpus: 0, memoryBytes: 0 });
    expect(plan.driver === "cgroupfs" && plan.writes.slice(2, 4).map((w) => w.value)).to.deep.equal(["max 100000", "max"]);
  });
});

describe("group cgroup names", () => {
  it("names a slice Docker accepts as a systemd cgroup parent, and a path for cgroupfs", () => {
    expect(groupSlice("cg-abc12345")).to.equal("eci-cgabc12345.slice");
    expect(groupCgroupParent({ version: "2", driver: "systemd" }, "cg-abc12345")).to.match(/^.{7,}\.slice$/);
    expect(groupCgroupParent({ version: "2", driver: "cgroupfs" }, "cg-abc12345")).to.equal("/eci/cg-abc12345");
  });

  it("removes the group's directory from every v1 hierarchy, the v2 one, or its slice", () => {
    expect(groupCgroupRemoval({ version: "1", driver: "cgroupfs" }, "cg-a", ["cpu", "memory", "pids"])).to.deep.equal({ directories: ["cpu/eci/cg-a", "memory/eci/cg-a", "pids/eci/cg-a"] });
    expect(groupCgroupRemoval({ version: "2", driver: "cgroupfs" }, "cg-a", [])).to.deep.equal({ directories: ["eci/cg-a"] });
    expect(groupCgroupRemoval({ version: "2", driver: "systemd" }, "cg-a", [])).to.deep.equal({ unit: "eci-cga.slice" });
  });

  it("puts members beside their sandbox, or inside it for a sandbox of the layout before the group parent", () => {
    expect(memberCgroupParent({ id: "f00d", cgroupParent: "/eci/cg-a" })).to.equal("/eci/cg-a");
    expect(memberCgroupParent({ id: "f00d", cgroupParent: "eci-cga.slice" })).to.equal("eci-cga.slice");
    expect(memberCgroupParent({ id: "f00d", cgroupParent: "/eci" })).to.equal("/eci/f00d");
    expect(memberCgroupParent({ id: "f00d", cgroupParent: "" })).to.equal(undefined);
  });
});

describe("quotaClamps", () => {
  it("lowers only the children whose quota is above the new group quota, keeping their period", () => {
    const children = [
      { dir: "cpu/eci/cg-a/sandbox", quotaUs: 100_000, periodUs: 100_000 },
      { dir: "cpu/eci/cg-a/big", quotaUs: 200_000, periodUs: 100_000 },
      { dir: "cpu/eci/cg-a/small", quotaUs: 25_000, periodUs: 100_000 },
      { dir: "cpu/eci/cg-a/free", quotaUs: -1, periodUs: 100_000 },
      { dir: "cpu/eci/cg-a/long", quotaUs: 200_000, periodUs: 200_000 },
    ];
    expect(quotaClamps(children, 0.5e9)).to.deep.equal([
      { file: "cpu/eci/cg-a/sandbox/cpu.cfs_quota_us", value: "50000" },
      { file: "cpu/eci/cg-a/big/cpu.cfs_quota_us", value: "50000" },
      { file: "cpu/eci/cg-a/long/cpu.cfs_quota_us", value: "100000" },
    ]);
  });
});
