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
  const source = packet.source.replace(/^::ffff:/, "");
  const match = inPriorityOrder(rules, "ingress").find((rule) => {
    const block = parseCidr(rule.sourceCidr);
    return coversPort(rule, packet.protocol, packet.port) && block !== undefined && cidrContains(block, source);
  });
  return match?.action === "accept";
}

/** One direction's rules in the order they are asked: by priority, then as listed. */
export function inPriorityOrder(rules: readonly SecurityGroupRule[], direction: SecurityGroupRule["direction"]): SecurityGroupRule[] {
  const ordered = rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => rule.direction === direction);
  ordered.sort((a, b) => a.rule.priority - b.rule.priority || a.index - b.index);
  return ordered.map(({ rule }) => rule);
}

/** Whether a rule's protocol and ports cover a TCP or UDP port (its address block aside). */
export function coversPort(rule: SecurityGroupRule, protocol: Packet["protocol"], port: number): boolean {
  if (rule.protocol !== "ALL" && rule.protocol !== protocol) return false;
  const [from, to] = portRange(rule);
  return port >= from && port <= to;
}

/** The ports a rule names, every port when it names none. */
export function portRange(rule: SecurityGroupRule): [number, number] {
  if (!rule.ports) return [1, 65535];
  const [from, to = from] = rule.ports.split("-").map(Number);
  return [from, to];
}
