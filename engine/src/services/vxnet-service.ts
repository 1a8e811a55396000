import { type GroupNetwork, type Vxnet, VxnetSpecSchema, cidrContains, cidrOverlaps, cidrWithin, ipToNumber, numberToIp, parseCidr } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import { EngineError, parseBody } from "../errors";
import type { NetworkRecord } from "../store/network-store";
import type { Store } from "../store/store";
import { newId } from "./ids";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

/** `vxnet-0`: the basic network, always there, never changed. */
export const BASIC_VXNET = "vxnet-0";

/**
 * Vxnets: address ranges of a VPC. The engine gives each group of a vxnet its private IP itself (the
 * lowest free one, or the fixed one asked for) and Docker puts the group's sandbox there.
 */
export class VxnetService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  create(accountId: string, body: unknown): Vxnet {
    const spec = parseBody(VxnetSpecSchema, body);
    const vpc = this.store.networks.get("vpc", spec.vpcId);
    if (!vpc || vpc.accountId !== accountId) throw EngineError.validation([{ path: "vpcId", rule: "exists", value: spec.vpcId, message: "no such VPC" }]);
    const block = parseCidr(spec.cidr)!;
    if (!cidrWithin(block, parseCidr(vpc.spec.cidr)!)) throw EngineError.validation([{ path: "cidr", rule: "within", value: spec.cidr, message: `is not inside the VPC's range ${vpc.spec.cidr}` }]);
    const clash = this.store.networks.list("vxnet", accountId).find((x) => x.spec.vpcId === spec.vpcId && cidrOverlaps(parseCidr(x.spec.cidr)!, block));
    if (clash) throw EngineError.validation([{ path: "cidr", rule: "no_overlap", value: spec.cidr, message: `overlaps vxnet ${clash.id} (${clash.spec.cidr})` }]);
    const now = isoTime(this.clock.now());
    const record: NetworkRecord<"vxnet"> = { id: newId("vxnet"), accountId, kind: "vxnet", spec, assigned: {}, version: FIRST_VERSION, createdAt: now, updatedAt: now };
    this.store.networks.insert(record);
    return view(record);
  }

  list(accountId: string): { items: Vxnet[]; total: number } {
    const items = [this.basicVxnet(accountId), ...this.store.networks.list("vxnet", accountId).map(view)];
    return { items, total: items.length };
  }

  get(accountId: string, id: string): Vxnet {
    return id === BASIC_VXNET ? this.basicVxnet(accountId) : view(this.find(accountId, id));
  }

  /** Renames or re-describes the vxnet; its VPC and range cannot change. `ifMatch`: see `ContainerGroupService.update`. */
  update(accountId: string, id: string, body: unknown, ifMatch?: number): Vxnet {
    if (id === BASIC_VXNET) throw EngineError.invalidState("Vxnet vxnet-0", "the basic network", "changing it");
    const current = this.find(accountId, id);
    checkVersion(`Vxnet ${id}`, ifMatch, current.version);
    const spec = parseBody(VxnetSpecSchema, body);
    const changed = (["vpcId", "cidr"] as const).filter((k) => spec[k] !== current.spec[k]);
    if (changed.length > 0) {
      throw new EngineError(
        "immutable_field",
        `${changed.join(", ")} of a vxnet cannot change; create a new vxnet instead`,
        changed.map((k) => ({ path: k, rule: "immutable", value: spec[k], message: `is ${current.spec[k]} and cannot change` })),
      );
    }
    ensureWritten(this.store.networks.replaceSpec("vxnet", id, spec, isoTime(this.clock.now()), ifMatch), `Vxnet ${id}`, ifMatch, () => this.store.networks.get("vxnet", id));
    return this.get(accountId, id);
  }

  delete(accountId: string, id: string, ifMatch?: number): void {
    if (id === BASIC_VXNET) throw EngineError.invalidState("Vxnet vxnet-0", "the basic network", "deleting it");
    checkVersion(`Vxnet ${id}`, ifMatch, this.find(accountId, id).version);
    const groups = this.groupsIn(accountId, id).map((g) => g.id);
    if (groups.length > 0) throw new EngineError("in_use", `Vxnet ${id} has container groups ${groups.join(", ")}; delete them or move them first`, { groups });
    ensureWritten(this.store.networks.markDeleted(id, isoTime(this.clock.now()), ifMatch), `Vxnet ${id}`, ifMatch, () => this.store.networks.get("vxnet", id));
  }

  /** The VPC a vxnet belongs to. */
  vpcOf(vxnetId: string): string | undefined {
    return this.store.networks.get("vxnet", vxnetId)?.spec.vpcId;
  }

  /**
   * The private IP a VPC-mode group gets: its current one while it still fits, the fixed one it asks
   * for, or the lowest free address of the vxnet (its first two and its last are kept back, as a
   * router's and a broadcast address would be). Throws 422 for a bad vxnet or address, 409 for a taken one.
   */
  assignIp(accountId: string, groupId: string, network: Extract<GroupNetwork, { mode: "vpc" }>, current: string | null): string {
    const vxnet = this.store.networks.get("vxnet", network.vxnetId);
    if (!vxnet || vxnet.accountId !== accountId) throw EngineError.validation([{ path: "network.vxnetId", rule: "exists", value: network.vxnetId, message: "no such vxnet" }]);
    const block = parseCidr(vxnet.spec.cidr)!;
    const usable = (n: number) => n >= block.base + 2 && n < block.base + block.size - 1;
    const taken = new Map(
      this.store
        .listGroups(accountId)
        .filter((g) => g.id !== groupId && g.assignedIp && g.spec.network?.mode === "vpc" && this.vpcOf(g.spec.network.vxnetId) === vxnet.spec.vpcId)
        .map((g) => [g.assignedIp as string, g.id]),
    );
    if (network.privateIp) {
      const ip = network.privateIp;
      if (!cidrContains(block, ip) || !usable(ipToNumber(ip))) {
        throw EngineError.validation([{ path: "network.privateIp", rule: "in_range", value: ip, message: `is not a usable address of vxnet ${vxnet.id} (${vxnet.spec.cidr}, less its first two and last addresses)` }]);
      }
      const holder = taken.get(ip);
      if (holder) throw new EngineError("in_use", `Private IP ${ip} is already used by container group ${holder}`, { groups: [holder] });
      return ip;
    }
    if (current && cidrContains(block, current) && !taken.has(current)) return current;
    for (let n = block.base + 2; usable(n); n++) if (!taken.has(numberToIp(n))) return numberToIp(n);
    throw new EngineError("in_use", `Vxnet ${vxnet.id} (${vxnet.spec.cidr}) has no free address left`, { vxnet: vxnet.id });
  }

  private groupsIn(accountId: string, vxnetId: string) {
    return this.store.listGroups(accountId).filter((g) => g.spec.network?.mode === "vpc" && g.spec.network.vxnetId === vxnetId);
  }

  /** The basic network has been there for the account since the account was made. */
  private basicVxnet(accountId: string): Vxnet {
    const since = this.store.accounts.get(accountId)?.createdAt ?? isoTime(this.clock.now());
    return { id: BASIC_VXNET, name: "basic network", description: "The basic network: groups without a VPC", vpcId: null, cidr: null, hourlyPrice: 0, version: FIRST_VERSION, createdAt: since, updatedAt: since };
  }

  private find(accountId: string, id: string): NetworkRecord<"vxnet"> {
    const record = this.store.networks.get("vxnet", id);
    if (!record || record.accountId !== accountId) throw EngineError.notFound("Vxnet", id);
    return record;
  }
}


// Vxnets are never billed: they are ranges of a VPC, which is.
function view(r: NetworkRecord<"vxnet">): Vxnet {
  return { id: r.id, ...r.spec, hourlyPrice: 0, version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt };
}
