import { type Vpc, type VpcSpec, VpcSpecSchema, type ValidationIssue, cidrOverlaps, parseCidr } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import { EngineError, parseBody } from "../errors";
import type { ContainerRuntime } from "../runtime/container-runtime";
import { vpcNetworkName } from "../runtime/object-names";
import type { NetworkRecord } from "../store/network-store";
import type { Store } from "../store/store";
import type { Metering } from "./billing-service";
import type { EipService } from "./eip-service";
import { DeletionsInFlight } from "./deletions-in-flight";
import { newId } from "./ids";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

/**
 * VPCs (SPEC §1, §4): a Docker bridge network each, so the groups of one VPC reach each other and
 * Docker keeps VPCs apart. The EIP, its port forwarding rules and the security group change online:
 * the forwarder follows them without touching any group.
 */
export class VpcService {
  private readonly deleting = new DeletionsInFlight();

  constructor(
    private readonly store: Store,
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly eips: EipService,
    private readonly securityGroups: { exists(accountId: string, id: string): boolean },
    private readonly onChange: () => void,
    private readonly metering: Metering,
  ) {}

  async create(accountId: string, body: unknown): Promise<Vpc> {
    const spec = this.parse(accountId, body);
    const id = newId("rtr");
    this.eips.checkBindable(accountId, spec.eipId, id);
    const clash = this.store.networks.list("vpc").find((v) => cidrOverlaps(parseCidr(v.spec.cidr)!, parseCidr(spec.cidr)!));
    if (clash) {
      const whose = clash.accountId === accountId ? `VPC ${clash.id} (${clash.spec.cidr})` : "another VPC on this engine";
      throw EngineError.validation([{ path: "cidr", rule: "no_overlap", value: spec.cidr, message: `overlaps ${whose}` }]);
    }
    // The store first, Docker second: an engine killed in between finds the VPC at start and gives it its
    // network (`restoreNetworks`), where the other order would leave a network that no VPC owns.
    const now = isoTime(this.clock.now());
    const record: NetworkRecord<"vpc"> = { id, accountId, kind: "vpc", spec, assigned: {}, version: FIRST_VERSION, createdAt: now, updatedAt: now };
    this.store.networks.insert(record);
    try {
      await this.runtime.createNetwork(vpcNetworkName(id), spec.cidr, { "eci.vpc": id });
    } catch (err) {
      this.store.networks.markDeleted(id, isoTime(this.clock.now()));
      // The host's own networks (docker0, other bridges) are only known to Docker.
      if (/overlap/i.test((err as Error).message)) throw EngineError.validation([{ path: "cidr", rule: "no_overlap", value: spec.cidr, message: "overlaps a network of the engine's host" }]);
      throw err;
    }
    this.metering.record("vpc", record.id);
    this.onChange();
    return this.view(record);
  }

  /**
   * At start: gives every VPC its Docker network again where it lacks one, which an engine killed between
   * the store and Docker leaves — after storing a new VPC, or after removing a deleted VPC's network
   * (its deletion did not answer, so the VPC stays, whole). Creating an existing network does nothing; a
   * network Docker refuses now (a host network took the range meanwhile) is reported, and the others go on.
   */
  async restoreNetworks(onError: (vpcId: string, err: Error) => void): Promise<void> {
    for (const vpc of this.store.networks.list("vpc")) {
      try {
        await this.runtime.createNetwork(vpcNetworkName(vpc.id), vpc.spec.cidr, { "eci.vpc": vpc.id });
      } catch (err) {
        onError(vpc.id, err as Error);
      }
    }
  }

  list(accountId: string): { items: Vpc[]; total: number } {
    const items = this.store.networks.list("vpc", accountId).map((r) => this.view(r));
    return { items, total: items.length };
  }

  get(accountId: string, id: string): Vpc {
    return this.view(this.find(accountId, id));
  }

  /** Everything but the range changes online; the forwarder follows at once. `ifMatch`: see `ContainerGroupService.update`. */
  update(accountId: string, id: string, body: unknown, ifMatch?: number): Vpc {
    const current = this.find(accountId, id);
    checkVersion(`VPC ${id}`, ifMatch, current.version);
    this.deleting.check(`VPC ${id}`, id, "a change");
    const spec = this.parse(accountId, body);
    if (spec.cidr !== current.spec.cidr) {
      throw new EngineError("immutable_field", `cidr of a VPC cannot change (${current.spec.cidr} → ${spec.cidr}); create a new VPC instead`, [
        { path: "cidr", rule: "immutable", value: spec.cidr, message: `is ${current.spec.cidr} and cannot change` },
      ]);
    }
    this.eips.checkBindable(accountId, spec.eipId, id);
    ensureWritten(this.store.networks.replaceSpec("vpc", id, spec, isoTime(this.clock.now()), ifMatch), `VPC ${id}`, ifMatch, () => this.store.networks.get("vpc", id));
    this.metering.record("vpc", id);
    this.onChange();
    return this.get(accountId, id);
  }

  async delete(accountId: string, id: string, ifMatch?: number): Promise<void> {
    checkVersion(`VPC ${id}`, ifMatch, this.find(accountId, id).version);
    this.deleting.check(`VPC ${id}`, id, "deleting it");
    const vxnets = this.store.networks.list("vxnet", accountId).filter((x) => x.spec.vpcId === id);
    if (vxnets.length > 0) throw new EngineError("in_use", `VPC ${id} still has vxnets ${vxnets.map((x) => x.id).join(", ")}; delete them first`, { vxnets: vxnets.map((x) => x.id) });
    await this.deleting.run(id, async () => {
      await this.runtime.removeNetwork(vpcNetworkName(id));
      this.store.networks.markDeleted(id, isoTime(this.clock.now()));
    });
    this.metering.record("vpc", id);
    this.onChange();
  }

  private parse(accountId: string, body: unknown): VpcSpec {
    const spec = parseBody(VpcSpecSchema, body);
    const issues: ValidationIssue[] = [];
    if (spec.eipId && !this.eips.addressOf(accountId, spec.eipId)) issues.push({ path: "eipId", rule: "exists", value: spec.eipId, message: "no such EIP" });
    if (spec.securityGroupId && !this.securityGroups.exists(accountId, spec.securityGroupId)) issues.push({ path: "securityGroupId", rule: "exists", value: spec.securityGroupId, message: "no such security group" });
    if (issues.length > 0) throw EngineError.validation(issues);
    return spec;
  }

  private view(r: NetworkRecord<"vpc">): Vpc {
    const eipAddress = r.spec.eipId ? (this.eips.addressOf(r.accountId, r.spec.eipId) ?? null) : null;
    return { id: r.id, ...r.spec, status: "active", eipAddress, hourlyPrice: this.metering.hourlyPrice(r.id), version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt };
  }

  private find(accountId: string, id: string): NetworkRecord<"vpc"> {
    const record = this.store.networks.get("vpc", id);
    if (!record || record.accountId !== accountId) throw EngineError.notFound("VPC", id);
    return record;
  }
}
