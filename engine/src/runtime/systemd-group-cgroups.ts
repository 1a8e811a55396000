import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Logger } from "../logger";
import { type CgroupHost, type GroupLimits, type UnitProperty, groupCgroupPlan, groupSlice } from "./group-cgroup";
import type { GroupCgroups } from "./group-cgroups";

/** Runs `busctl` with these arguments; rejects with its error output when it fails. */
export type BusctlRunner = (args: string[]) => Promise<string>;

const SYSTEMD = ["org.freedesktop.systemd1", "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager"];

/** The `busctl call` arguments of a systemd manager method. */
export function busctlCall(method: string, signature: string, ...args: string[]): string[] {
  return ["call", ...SYSTEMD, method, signature, ...args];
}

/** Properties as `a(sv)` arguments: their count, then name, type and value of each. */
function propertyArgs(properties: UnitProperty[]): string[] {
  return [String(properties.length), ...properties.flatMap((p) => [p.name, p.type, p.value])];
}

/** Starts the group's slice as a transient unit with its limit. */
export function startSliceArgs(unit: string, properties: UnitProperty[]): string[] {
  return busctlCall("StartTransientUnit", "ssa(sv)a(sa(sv))", unit, "fail", ...propertyArgs(properties), "0");
}

/** Changes the limit of a running slice (`--runtime`: nothing is written under /etc). */
export function setSliceArgs(unit: string, properties: UnitProperty[]): string[] {
  return busctlCall("SetUnitProperties", "sba(sv)", unit, "true", ...propertyArgs(properties.filter((p) => p.name !== "Description")));
}

/**
 * Group parents as systemd slices, for Docker's systemd driver: the engine asks systemd over D-Bus
 * (with `busctl`, which every systemd host has) to start a transient slice `eci-<id>.slice` with
 * `CPUQuotaPerSecUSec` and `MemoryMax` (`MemoryLimit` on cgroup v1); Docker puts the containers'
 * scopes in it. Writing the slice's cgroup files would be overwritten by systemd at its next reload.
 */
export class SystemdGroupCgroups implements GroupCgroups {
  constructor(
    readonly host: CgroupHost,
    private readonly logger: Logger,
    private readonly busctl: BusctlRunner = runBusctl,
  ) {}

  async apply(groupId: string, limits: GroupLimits): Promise<string> {
    const plan = groupCgroupPlan(this.host, groupId, limits);
    if (plan.driver !== "systemd") throw new Error(`unreachable: a ${plan.driver} plan for the systemd driver`);
    try {
      await this.busctl(startSliceArgs(plan.unit, plan.properties));
    } catch (err) {
      if (!/already exists|UnitExists/i.test((err as Error).message)) throw err;
      await this.busctl(setSliceArgs(plan.unit, plan.properties));
    }
    return plan.cgroupParent;
  }

  async lowerChildQuotas(): Promise<void> {
    // systemd writes the slice's quota itself; Docker's scopes in it have their own limits only when the spec asked.
  }

  async removeUnused(): Promise<void> {
    // Slices of groups whose containers went away outside the engine stay loaded, empty, until stopped by hand.
  }

  async remove(groupId: string): Promise<void> {
    const unit = groupSlice(groupId);
    try {
      await this.busctl(busctlCall("StopUnit", "ss", unit, "fail"));
    } catch (err) {
      if (/not loaded|NoSuchUnit/i.test((err as Error).message)) return;
      this.logger.warn({ unit, err: (err as Error).message }, "Failed to stop a group's slice");
    }
  }
}

async function runBusctl(args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)("busctl", args, { timeout: 30_000 });
    return stdout;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(stderr || (err as Error).message);
  }
}
