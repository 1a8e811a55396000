import { type Eip, EipSpecSchema, numberToIp, parseCidr } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import { EngineError, parseBody } from "../errors";
import type { NetworkRecord } from "../store/network-store";
import type { Store } from "../store/store";
import type { Metering } from "./billing-service";
import { newId } from "./ids";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

/**
 * EIPs (SPEC §1): addresses from a loopback pool, so each is really reachable from the engine's host
 * (Linux routes all of 127.0.0.0/8 to `lo`). An EIP is bound to the VPC or basic-mode group whose spec
 * names it; a bound EIP cannot be deleted or bound a second time.
 */
export class EipService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly pool: string,
    private readonly metering: Metering,
  ) {}

  create(accountId: string, body: unknown): Eip {
    const spec = parseBody(EipSpecSchema, body);
    const now = isoTime(this.clock.now());
    const record: NetworkRecord<"eip"> = { id: newId("eip"), accountId, kind: "eip", spec, assigned: { address: this.freeAddress() }, version: FIRST_VERSION, createdAt: now, updatedAt: now };
    this.store.networks.insert(record);
    this.metering.record("eip", record.id);
    return this.view(record);
  }

  list(accountId: string): { items: Eip[]; total: number } {
    const items = this.store.networks.list("eip", accountId).map((r) => this.view(r));
    return { items, total: items.length };
  }

  get(accountId: string, id: string): Eip {
    return this.view(this.find(accountId, id));
  }

  /** `ifMatch`: see `ContainerGroupService.update`. */
  update(accountId: string, id: string, body: unknown, ifMatch?: number): Eip {
    checkVersion(`EIP ${id}`, ifMatch, this.find(accountId, id).version);
    const written = this.store.networks.replaceSpec("eip", id, parseBody(EipSpecSchema, body), isoTime(this.clock.now()), ifMatch);
    ensureWritten(written, `EIP ${id}`, ifMatch, () => this.store.networks.get("eip", id));
    this.metering.record("eip", id);
    return this.get(accountId, id);
  }

  delete(accountId: string, id: string, ifMatch?: number): void {
    checkVersion(`EIP ${id}`, ifMatch, this.find(accountId, id).version);
    const holder = this.associatedWith(accountId, id);
    if (holder) throw new EngineError("in_use", `EIP ${id} is bound to ${holder.kind} ${holder.id}; unbind it first`, { [holder.kind === "vpc" ? "vpcs" : "groups"]: [holder.id] });
    ensureWritten(this.store.networks.markDeleted(id, isoTime(this.clock.now()), ifMatch), `EIP ${id}`, ifMatch, () => this.store.networks.get("eip", id));
    this.metering.record("eip", id);
  }

  /** The address of an EIP the account has, if any. */
  addressOf(accountId: string, id: string): string | undefined {
    const record = this.store.networks.get("eip", id);
    return record && record.accountId === accountId ? record.assigned.address : undefined;
  }

  /** The VPC or basic-mode group whose spec names the EIP. */
  associatedWith(accountId: string, id: string): Eip["associatedWith"] {
    const vpc = this.store.networks.list("vpc", accountId).find((v) => v.spec.eipId === id);
    if (vpc) return { kind: "vpc", id: vpc.id };
    const group = this.store.listGroups(accountId).find((g) => g.spec.network?.mode === "basic" && g.spec.network.eipId === id);
    return group ? { kind: "container-group", id: group.id } : null;
  }

  /** Refuses (409) binding an EIP that something else holds. */
  checkBindable(accountId: string, eipId: string | undefined, holderId: string): void {
    if (!eipId) return;
    const holder = this.associatedWith(accountId, eipId);
    if (holder && holder.id !== holderId) throw new EngineError("in_use", `EIP ${eipId} is already bound to ${holder.kind} ${holder.id}; an EIP is bound to one thing at a time`, { [holder.kind]: holder.id });
  }

  private freeAddress(): string {
    const pool = parseCidr(this.pool);
    if (!pool) throw new Error(`unreachable: the configuration refuses a bad EIP pool (${this.pool})`);
    const taken = new Set(this.store.networks.list("eip").map((r) => r.assigned.address));
    // The pool's first address is left out, as a network's would be.
    for (let n = pool.base + 1; n < pool.base + pool.size; n++) {
      const address = numberToIp(n);
      if (!taken.has(address)) return address;
    }
    throw new EngineError("quota_exceeded", `The EIP pool ${this.pool} has no free address left; delete an EIP or ask the operator for a larger pool`, { pool: this.pool });
  }

  private view(r: NetworkRecord<"eip">): Eip {
    const associatedWith = this.associatedWith(r.accountId, r.id);
    return { id: r.id, ...r.spec, address: r.assigned.address as string, status: associatedWith ? "associated" : "available", associatedWith, hourlyPrice: this.metering.hourlyPrice(r.id), version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt };
  }

  private find(accountId: string, id: string): NetworkRecord<"eip"> {
    const record = this.store.networks.get("eip", id);
    if (!record || record.accountId !== accountId) throw EngineError.notFound("EIP", id);
    return record;
  }
}
