import { type SecurityGroup, SecurityGroupSpecSchema } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import { EngineError, parseBody } from "../errors";
import type { NetworkRecord } from "../store/network-store";
import type { Store } from "../store/store";
import type { Metering } from "./billing-service";
import { newId } from "./ids";
import { FIRST_VERSION, checkVersion, ensureWritten } from "./versions";

/**
 * Security groups (firewalls): ordered rules, attached to a VPC (filtering port forwarding) or to a
 * group (filtering what reaches it through an EIP). The forwarder reads the rules for every new
 * connection, so a change takes effect at once, without restarting anything.
 */
export class SecurityGroupService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onChange: () => void,
    private readonly metering: Metering,
  ) {}

  create(accountId: string, body: unknown): SecurityGroup {
    const now = isoTime(this.clock.now());
    const record: NetworkRecord<"security-group"> = { id: newId("sg"), accountId, kind: "security-group", spec: parseBody(SecurityGroupSpecSchema, body), assigned: {}, version: FIRST_VERSION, createdAt: now, updatedAt: now };
    this.store.networks.insert(record);
    this.metering.record("security-group", record.id);
    return this.view(record);
  }

  list(accountId: string): { items: SecurityGroup[]; total: number } {
    const items = this.store.networks.list("security-group", accountId).map((r) => this.view(r));
    return { items, total: items.length };
  }

  get(accountId: string, id: string): SecurityGroup {
    return this.view(this.find(accountId, id));
  }

  /** `ifMatch`: see `ContainerGroupService.update`. */
  update(accountId: string, id: string, body: unknown, ifMatch?: number): SecurityGroup {
    checkVersion(`Security group ${id}`, ifMatch, this.find(accountId, id).version);
    const written = this.store.networks.replaceSpec("security-group", id, parseBody(SecurityGroupSpecSchema, body), isoTime(this.clock.now()), ifMatch);
    ensureWritten(written, `Security group ${id}`, ifMatch, () => this.store.networks.get("security-group", id));
    this.metering.record("security-group", id);
    this.onChange();
    return this.get(accountId, id);
  }

  delete(accountId: string, id: string, ifMatch?: number): void {
    checkVersion(`Security group ${id}`, ifMatch, this.find(accountId, id).version);
    const users = this.attachedTo(accountId, id);
    if (users.length > 0) throw new EngineError("in_use", `Security group ${id} is attached to ${users.join(", ")}; detach it first`, { attachedTo: users });
    ensureWritten(this.store.networks.markDeleted(id, isoTime(this.clock.now()), ifMatch), `Security group ${id}`, ifMatch, () => this.store.networks.get("security-group", id));
    this.metering.record("security-group", id);
  }

  /** Whether the account has this security group. */
  exists(accountId: string, id: string): boolean {
    return this.store.networks.get("security-group", id)?.accountId === accountId;
  }

  private attachedTo(accountId: string, id: string): string[] {
    const vpcs = this.store.networks.list("vpc", accountId).filter((v) => v.spec.securityGroupId === id);
    const groups = this.store.listGroups(accountId).filter((g) => g.spec.network?.securityGroupId === id);
    return [...vpcs.map((v) => v.id), ...groups.map((g) => g.id)];
  }

  private view(r: NetworkRecord<"security-group">): SecurityGroup {
    return { id: r.id, ...r.spec, attachedTo: this.attachedTo(r.accountId, r.id), hourlyPrice: this.metering.hourlyPrice(r.id), version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt };
  }

  private find(accountId: string, id: string): NetworkRecord<"security-group"> {
    const record = this.store.networks.get("security-group", id);
    if (!record || record.accountId !== accountId) throw EngineError.notFound("Security group", id);
    return record;
  }
}
