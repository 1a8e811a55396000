import type { Logger } from "../logger";
import type { Store } from "../store/store";
import { allows } from "./firewall";
import { type ForwardRule, PortForwarder } from "./port-forwarder";

/**
 * What the EIPs forward, derived from the store: each VPC's port forwarding rules (filtered by the
 * VPC's security group, then by the target group's own), and each basic-mode group's declared ports on
 * its EIP (filtered by its security group). Security groups are read for every new connection, so a
 * rule change applies at once; `refresh` re-derives the listeners after any other change.
 */
export class Forwarding {
  private readonly forwarder: PortForwarder;
  private applying: Promise<void> = Promise.resolve();
  /** A refresh that has not started yet: later calls join it, since it reads the store when it starts. */
  private queued: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    logger: Logger,
  ) {
    this.forwarder = new PortForwarder(logger);
  }

  /**
   * Re-derives the listeners. Calls never overlap, and calls made while one is waiting to start share
   * it: every group pass asks for a refresh, and a resync of many groups needs only one or two.
   */
  refresh(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.applying.then(() => {
      this.queued = undefined;
      return this.forwarder.apply(this.rules());
    });
    this.queued = next;
    this.applying = next;
    return next;
  }

  async close(): Promise<void> {
    await this.applying;
    await this.forwarder.close();
  }

  rules(): ForwardRule[] {
    return [...this.vpcRules(), ...this.basicRules()];
  }

  private vpcRules(): ForwardRule[] {
    return this.store.networks.list("vpc").flatMap((vpc) => {
      const address = vpc.spec.eipId ? this.store.networks.get("eip", vpc.spec.eipId)?.assigned.address : undefined;
      if (!address) return [];
      const groups = this.store.listGroups(vpc.accountId);
      return vpc.spec.portForwardings.map((pf): ForwardRule => {
        const target = groups.find((g) => g.assignedIp === pf.privateIp && g.spec.network?.mode === "vpc");
        return {
          protocol: pf.protocol,
          listen: { address, port: pf.eipPort },
          target: { address: pf.privateIp, port: pf.privatePort },
          admit: (source) =>
            this.passes(vpc.spec.securityGroupId, { protocol: pf.protocol, port: pf.eipPort, source }) &&
            this.passes(target?.spec.network?.securityGroupId, { protocol: pf.protocol, port: pf.privatePort, source }),
        };
      });
    });
  }

  private basicRules(): ForwardRule[] {
    const groups = this.store.listGroupIds().flatMap((id) => this.store.getGroup(id) ?? []);
    return groups.flatMap((g) => {
      const net = g.spec.network;
      const ip = g.observed.privateIp;
      if (net?.mode !== "basic" || !net.eipId || !ip || g.deleteRequested) return [];
      const address = this.store.networks.get("eip", net.eipId)?.assigned.address;
      if (!address) return [];
      return g.spec.containers.flatMap((c) =>
        c.ports.map((p): ForwardRule => ({
          protocol: p.protocol,
          listen: { address, port: p.port },
          target: { address: ip, port: p.port },
          admit: (source) => this.passes(net.securityGroupId, { protocol: p.protocol, port: p.port, source }),
        })),
      );
    });
  }

  /** No security group lets everything in; a named one that is gone lets nothing in. */
  private passes(securityGroupId: string | undefined, packet: Parameters<typeof allows>[1]): boolean {
    if (!securityGroupId) return true;
    const sg = this.store.networks.get("security-group", securityGroupId);
    return sg !== undefined && allows(sg.spec.rules, packet);
  }
}
