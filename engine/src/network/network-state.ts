import type { SecurityGroupRule } from "@eci/sdk";
import type { Store } from "../store/store";
import { inPriorityOrder } from "./firewall";
import type { Endpoint } from "./port-forwarder";

/** A security group's say on a new connection: its rules, judging the connection as if it came to `port`. */
export interface IngressCheck {
  rules: SecurityGroupRule[];
  port: number;
}

/** What one EIP port forwards where, and the checks (all must accept) a new connection passes first. */
export interface PortMapping {
  protocol: "TCP" | "UDP";
  eip: Endpoint;
  target: Endpoint;
  checks: IngressCheck[];
}

/** A group's address and its security group's egress rules, in the order they are asked (none: it may send anything). */
export interface GroupEgress {
  address: string;
  rules: SecurityGroupRule[];
}

/** Everything the data path carries, read from the store at one moment. */
export interface NetworkState {
  mappings: PortMapping[];
  /** Every VPC's range, and whether it reaches addresses outside it (it has an EIP). */
  vpcs: Array<{ cidr: string; outbound: boolean }>;
  egress: GroupEgress[];
}

/**
 * Reads what the EIPs forward and what the groups may send: each VPC's port forwarding rules (checked
 * by the VPC's security group at the EIP port, then by the target group's own at the private port),
 * each basic-mode group's declared ports on its EIP (checked by its security group), and each group's
 * egress rules. No security group lets everything in; a named one that is gone lets nothing in.
 */
export function readNetworkState(store: Store): NetworkState {
  const groups = store.listGroupIds().flatMap((id) => store.getGroup(id) ?? []);
  const rulesOf = (id: string | undefined) => (id ? (store.networks.get("security-group", id)?.spec.rules ?? []) : undefined);
  const check = (securityGroupId: string | undefined, port: number): IngressCheck[] => {
    const rules = rulesOf(securityGroupId);
    return rules ? [{ rules, port }] : [];
  };
  const eipAddress = (id: string | undefined) => (id ? store.networks.get("eip", id)?.assigned.address : undefined);
  const vpcs = store.networks.list("vpc");

  const vpcMappings = vpcs.flatMap((vpc) => {
    const address = eipAddress(vpc.spec.eipId);
    if (!address) return [];
    return vpc.spec.portForwardings.map((pf): PortMapping => {
      const target = groups.find((g) => g.accountId === vpc.accountId && g.assignedIp === pf.privateIp && g.spec.network?.mode === "vpc");
      return {
        protocol: pf.protocol,
        eip: { address, port: pf.eipPort },
        target: { address: pf.privateIp, port: pf.privatePort },
        checks: [...check(vpc.spec.securityGroupId, pf.eipPort), ...check(target?.spec.network?.securityGroupId, pf.privatePort)],
      };
    });
  });
  const basicMappings = groups.flatMap((g) => {
    const net = g.spec.network;
    const ip = g.observed.privateIp;
    const address = net?.mode === "basic" ? eipAddress(net.eipId) : undefined;
    if (!net || !address || !ip || g.deleteRequested) return [];
    return g.spec.containers.flatMap((c) =>
      c.ports.map((p): PortMapping => ({ protocol: p.protocol, eip: { address, port: p.port }, target: { address: ip, port: p.port }, checks: check(net.securityGroupId, p.port) })),
    );
  });
  const egress = groups.flatMap((g): GroupEgress[] => {
    const address = g.assignedIp ?? g.observed.privateIp;
    const rules = inPriorityOrder(rulesOf(g.spec.network?.securityGroupId) ?? [], "egress");
    return address && rules.length > 0 ? [{ address, rules }] : [];
  });
  return {
    mappings: [...vpcMappings, ...basicMappings],
    vpcs: vpcs.map((vpc) => ({ cidr: vpc.spec.cidr, outbound: eipAddress(vpc.spec.eipId) !== undefined })),
    egress,
  };
}
