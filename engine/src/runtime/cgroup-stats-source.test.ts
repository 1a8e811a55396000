import { expect } from "chai";
import { parseBlkio, parseFlatKeyed, parseNetDev, parseProcCgroup } from "./cgroup-stats-source";

// Text as this machine's kernel writes it (cgroup v1, Docker 20.10 with the cgroupfs driver).
describe("cgroup v1 files", () => {
  it("finds each controller's path of a container, joined controllers included", () => {
    const paths = parseProcCgroup("12:cpu,cpuacct:/eci/abc/def\n4:memory:/eci/abc/def\n1:name=systemd:/eci/abc/def\n0::/eci/abc/def\n");
    expect(paths.get("cpuacct")).to.equal("/eci/abc/def");
    expect(paths.get("cpu")).to.equal("/eci/abc/def");
    expect(paths.get("memory")).to.equal("/eci/abc/def");
  });

  it("reads memory.stat", () => {
    expect(parseFlatKeyed("cache 1155072\nhierarchical_memory_limit 67108864\ntotal_inactive_file 856064\n")).to.deep.equal({
      cache: 1155072,
      hierarchical_memory_limit: 67108864,
      total_inactive_file: 856064,
    });
  });

  it("sums block I/O over devices", () => {
    expect(parseBlkio("8:0 Read 4096\n8:0 Write 512\n8:0 Sync 0\n8:16 Read 1024\n8:16 Write 0\nTotal 5632\n")).to.deep.equal({ read: 5120, write: 512 });
    expect(parseBlkio("Total 0\n")).to.deep.equal({ read: 0, write: 0 });
  });

  it("counts network bytes on every interface but the loopback", () => {
    const netDev = [
      "Inter-|   Receive                                                |  Transmit",
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
      "    lo:   99999       9    0    0    0     0          0         0    99999       9    0    0    0     0       0          0",
      "  eth0:  736000       8    0    0    0     0          0         0     1200       3    0    0    0     0       0          0",
      "  eth1:      64       1    0    0    0     0          0         0       10       1    0    0    0     0       0          0",
    ].join("\n");
    expect(parseNetDev(netDev)).to.deep.equal({ rxBytes: 736064, txBytes: 1210 });
  });
});
