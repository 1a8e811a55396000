import { expect } from "chai";
import { silentLogger } from "../logger";
import { SystemdGroupCgroups } from "./systemd-group-cgroups";

const GiB = 1024 ** 3;
const MANAGER = ["org.freedesktop.systemd1", "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager"];

/** systemd as busctl shows it: units by name, and the calls made. */
function fakeSystemd() {
  const units = new Set<string>();
  const calls: string[][] = [];
  const busctl = async (args: string[]) => {
    calls.push(args);
    const [method, , unit] = args.slice(4);
    if (method === "StartTransientUnit") {
      if (units.has(unit)) throw new Error(`Call failed: Unit ${unit} already exists.`);
      units.add(unit);
    }
    if (method === "StopUnit" && !units.delete(unit)) throw new Error(`Call failed: Unit ${unit} not loaded.`);
    return "o \"/org/freedesktop/systemd1/job/1\"\n";
  };
  return { units, calls, busctl };
}

describe("SystemdGroupCgroups", () => {
  it("starts a transient slice with the group's limit and answers it as Docker's cgroup parent", async () => {
    const systemd = fakeSystemd();
    const cgroups = new SystemdGroupCgroups({ version: "2", driver: "systemd" }, silentLogger, systemd.busctl);
    expect(await cgroups.apply("cg-abc12345", { nanoCpus: 0.5e9, memoryBytes: GiB })).to.equal("eci-cgabc12345.slice");
    expect(systemd.calls).to.deep.equal([
      [
        "call",
        ...MANAGER,
        "StartTransientUnit",
        "ssa(sv)a(sa(sv))",
        "eci-cgabc12345.slice",
        "fail",
        "6",
        ...["Description", "s", "ECI container group cg-abc12345"],
        ...["CPUAccounting", "b", "true"],
        ...["MemoryAccounting", "b", "true"],
        ...["CPUQuotaPerSecUSec", "t", "500000"],
        ...["MemoryMax", "t", String(GiB)],
        ...["MemorySwapMax", "t", "0"],
        "0",
      ],
    ]);
  });

  it("sets the properties of a slice that exists (a resize, or a second sandbox) at runtime", async () => {
    const systemd = fakeSystemd();
    const cgroups = new SystemdGroupCgroups({ version: "1", driver: "systemd" }, silentLogger, systemd.busctl);
    await cgroups.apply("cg-a", { nanoCpus: 0.5e9, memoryBytes: GiB });
    await cgroups.apply("cg-a", { nanoCpus: 1e9, memoryBytes: 2 * GiB });
    expect(systemd.calls[2]).to.deep.equal([
      "call",
      ...MANAGER,
      "SetUnitProperties",
      "sba(sv)",
      "eci-cga.slice",
      "true",
      "4",
      ...["CPUAccounting", "b", "true"],
      ...["MemoryAccounting", "b", "true"],
      ...["CPUQuotaPerSecUSec", "t", "1000000"],
      ...["MemoryLimit", "t", String(2 * GiB)],
    ]);
  });

  it("stops the slice when the group's sandbox is removed, and does not mind one already gone", async () => {
    const systemd = fakeSystemd();
    const cgroups = new SystemdGroupCgroups({ version: "2", driver: "systemd" }, silentLogger, systemd.busctl);
    await cgroups.apply("cg-a", { nanoCpus: 0.5e9, memoryBytes: GiB });
    await cgroups.remove("cg-a");
    expect(systemd.units.size).to.equal(0);
    await cgroups.remove("cg-a");
  });
});
