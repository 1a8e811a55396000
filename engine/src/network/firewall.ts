import { type SecurityGroupRule, cidrContains, parseCidr } from "@eci/sdk";

export interface Packet {
  protocol: "TCP" | "UDP";
  /** The destination port the rule's `ports` apply to. */
  port: number;
  /** Where the connection or datagram comes from. */
  source: string;
}

/**
 * Whether a security group lets an inbound connection or datagram through: the ingress rules in order
 * of priority (then as listed), the first that matches decides, and nothing matching means drop.
 */
export function allows(rules: readonly SecurityGroupRule[], packet: Packet): boolean {
  const ordered = rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => rule.direction === "ingress");
  ordered.sort((a, b) => a.rule.priority - b.rule.priority || a.index - b.index);
  const match = ordered.find(({ rule }) => matches(rule, packet));
  return match?.rule.action === "accept";
}

function matches(rule: SecurityGroupRule, packet: Packet): boolean {
  if (rule.protocol !== "ALL" && rule.protocol !== packet.protocol) return false;
  if (rule.ports) {
    const [from, to = from] = rule.ports.split("-").map(Number);
    if (packet.port < from || packet.port > to) return false;
  }
  const source = parseCidr(rule.sourceCidr);
  return source !== undefined && cidrContains(source, packet.source.replace(/^::ffff:/, ""));
}
