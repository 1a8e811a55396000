import type { SecurityGroupRule } from "@eci/sdk";
import { coversPort, inPriorityOrder, portRange } from "./firewall";
import type { IngressCheck, NetworkState, PortMapping } from "./network-state";

export type Table = "nat" | "filter";

/** A jump from one of the kernel's or Docker's chains into one of the engine's. */
export interface Jump {
  table: Table;
  from: string;
  to: string;
}

/** The kernel rules the engine wants: its own chains with their rules, and the jumps into them. */
export interface IptablesPlan {
  /** Per table, each chain of the engine with its rules (iptables arguments after `-A <chain>`), in order. */
  chains: Record<Table, Map<string, string[]>>;
  jumps: Jump[];
  /** Private addresses that clients on the host (127.0.0.0/8) are forwarded to: their interfaces need `route_localnet`. */
  loopbackTargets: string[];
}

const ESTABLISHED = "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN";
const ANYWHERE = "0.0.0.0/0";

/** The prefix of one engine's chains: several engines (tests, say) share a host, each owns its chains. */
export function chainPrefix(engineId: string): string {
  return `ECI-${engineId.replace(/^eng-/, "")}`;
}

/**
 * The rules that carry a network state (pure). NAT: each EIP port is DNATed to its target in nat
 * OUTPUT (EIPs are on `lo`, so their clients are on the host), and masqueraded behind the bridge's
 * address on the way out, since a 127.0.0.0/8 source cannot leave `lo`. Filter: the ingress checks,
 * from filter OUTPUT, judge a new forwarded connection by its original EIP port; the egress chain, from
 * DOCKER-USER (forwarded traffic, bridged included) and INPUT (traffic to the host), drops what a VPC
 * without an EIP sends outside its range and what a group's egress rules refuse. Established flows pass
 * first: a rule change judges new connections, as Kubernetes NetworkPolicy and cloud security groups do.
 * Nothing to carry means no chains and no jumps.
 */
export function planIptables(state: NetworkState, prefix: string): IptablesPlan {
  const walled = state.vpcs.filter((v) => !v.outbound);
  if (state.mappings.length === 0 && walled.length === 0 && state.egress.length === 0) return { chains: { nat: new Map(), filter: new Map() }, jumps: [], loopbackTargets: [] };
  const name = (suffix: string) => `${prefix}-${suffix}`;
  const [dnat, snat, ingress, egress] = ["DNAT", "SNAT", "INGRESS", "EGRESS"].map(name);
  const filter = new Map<string, string[]>();
  const ingressRules = [ESTABLISHED];
  const egressRules = [ESTABLISHED, "-d 127.0.0.0/8 ! -i lo -j DROP"];
  filter.set(ingress, ingressRules);
  filter.set(egress, egressRules);

  let checks = 0;
  for (const m of state.mappings) {
    const original = `-p ${proto(m)} -m conntrack --ctstate DNAT --ctorigdst ${m.eip.address}/32 --ctorigdstport ${m.eip.port}`;
    for (const check of m.checks) {
      const chain = name(`I${checks++}`);
      filter.set(chain, checkRules(m, check));
      ingressRules.push(`${original} -j ${chain}`);
    }
  }
  for (const vpc of walled) egressRules.push(...reject(`-s ${vpc.cidr} ! -d ${vpc.cidr}`, "ALL"));
  state.egress.forEach((group, i) => {
    const chain = name(`E${i}`);
    filter.set(chain, [...group.rules.flatMap(egressRule), ...reject("", "ALL")]);
    egressRules.push(`-s ${group.address}/32 -j ${chain}`);
  });

  const toTarget = (m: PortMapping) => `-p ${proto(m)} -m ${proto(m)} --dport ${m.target.port}`;
  const nat = new Map([
    [dnat, state.mappings.map((m) => `-d ${m.eip.address}/32 -p ${proto(m)} -m ${proto(m)} --dport ${m.eip.port} -j DNAT --to-destination ${m.target.address}:${m.target.port}`)],
    [snat, unique(state.mappings.map((m) => `-s 127.0.0.0/8 -d ${m.target.address}/32 ${toTarget(m)} -m conntrack --ctstate DNAT -j MASQUERADE`))],
  ]);
  const jumps: Jump[] = [
    { table: "nat", from: "OUTPUT", to: dnat },
    { table: "nat", from: "POSTROUTING", to: snat },
    { table: "filter", from: "OUTPUT", to: ingress },
    { table: "filter", from: "DOCKER-USER", to: egress },
    { table: "filter", from: "INPUT", to: egress },
  ];
  return { chains: { nat, filter }, jumps, loopbackTargets: unique(state.mappings.map((m) => m.target.address)) };
}

/** One ingress check of one mapping: its protocol and port are known, so only the source is left to match. */
function checkRules(m: PortMapping, check: IngressCheck): string[] {
  const lines: string[] = [];
  for (const rule of inPriorityOrder(check.rules, "ingress")) {
    if (!coversPort(rule, m.protocol, check.port)) continue;
    const source = rule.sourceCidr === ANYWHERE ? "" : `-s ${rule.sourceCidr}`;
    lines.push(...(rule.action === "accept" ? [join(source, "-j RETURN")] : reject(source, m.protocol)));
    if (!source) return lines;
  }
  return [...lines, ...reject("", m.protocol)];
}

/** One egress rule (the rules come in priority order); its block is where the traffic goes. */
function egressRule(rule: SecurityGroupRule): string[] {
  const destination = rule.sourceCidr === ANYWHERE ? "" : `-d ${rule.sourceCidr}`;
  const [from, to] = portRange(rule);
  const ports = rule.ports ? `--dport ${from === to ? from : `${from}:${to}`}` : "";
  const protocols = rule.protocol === "ICMP" ? ["icmp"] : rule.protocol !== "ALL" ? [rule.protocol.toLowerCase()] : ports ? ["tcp", "udp"] : [""];
  return protocols.flatMap((p) => {
    const match = join(destination, p && `-p ${p}`, p && p !== "icmp" && ports ? `-m ${p} ${ports}` : "");
    return rule.action === "accept" ? [join(match, "-j RETURN")] : reject(match, p === "tcp" ? "TCP" : p === "" ? "ALL" : "UDP");
  });
}

/** Refused at once: a TCP reset, an ICMP port unreachable for everything else. */
function reject(match: string, protocol: "TCP" | "UDP" | "ALL"): string[] {
  const tcp = join(match, match.includes("-p tcp") ? "" : "-p tcp", "-j REJECT --reject-with tcp-reset");
  const other = join(match, "-j REJECT --reject-with icmp-port-unreachable");
  return protocol === "TCP" ? [tcp] : protocol === "UDP" ? [other] : [tcp, other];
}

function proto(m: PortMapping): "tcp" | "udp" {
  return m.protocol === "TCP" ? "tcp" : "udp";
}

function join(...parts: string[]): string {
  return parts.filter(Boolean).join(" ");
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
