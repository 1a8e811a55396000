import os from "node:os";
import { expect } from "chai";
import { readingFromDockerStats } from "./docker-stats-source";

const target = { id: "abc", groupId: "cg-1", role: "infra" as const, name: "" };

describe("readingFromDockerStats", () => {
  it("reads the counters of a one-shot stats answer (cgroup v1)", () => {
    const reading = readingFromDockerStats(
      target,
      {
        read: "2025-01-01T00:00:10.5Z",
        cpu_stats: { cpu_usage: { total_usage: 5e9 } },
        memory_stats: { usage: 80e6, limit: 256e6, stats: { total_inactive_file: 10e6, hierarchical_memory_limit: 128e6 } },
        networks: { eth0: { rx_bytes: 1000, tx_bytes: 200 }, eth1: { rx_bytes: 5, tx_bytes: 1 } },
        blkio_stats: { io_service_bytes_recursive: [{ op: "Read", value: 4096 }, { op: "Write", value: 512 }, { op: "Total", value: 4608 }] },
      },
      0,
    );
    expect(reading).to.deep.equal({
      ...target,
      atMs: Date.parse("2025-01-01T00:00:10.5Z"),
      cpuNs: 5e9,
      memoryBytes: 70e6,
      memoryLimitBytes: Math.min(128e6, os.totalmem()),
      rxBytes: 1005,
      txBytes: 201,
      readBytes: 4096,
      writeBytes: 512,
    });
  });

  it("reads cgroup v2 names, and a member with no network of its own", () => {
    const reading = readingFromDockerStats(
      { ...target, role: "work", name: "web" },
      { read: "0001-01-01T00:00:00Z", cpu_stats: { cpu_usage: { total_usage: 1 } }, memory_stats: { usage: 100, limit: 1000, stats: { inactive_file: 30 } }, blkio_stats: { io_service_bytes_recursive: [{ op: "read", value: 7 }] } },
      42,
    );
    expect(reading).to.include({ atMs: 42, memoryBytes: 70, memoryLimitBytes: 1000, rxBytes: 0, readBytes: 7, writeBytes: 0 });
  });

  it("has no reading for a container that stopped meanwhile (Docker answers zeros)", () => {
    expect(readingFromDockerStats(target, { read: "0001-01-01T00:00:00Z", cpu_stats: {}, memory_stats: {} }, 0)).to.equal(undefined);
  });
});
