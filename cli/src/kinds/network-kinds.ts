import type { Eip, SecurityGroup, Vpc, Vxnet } from "@eci/sdk";
import { age } from "../duration";
import { NONE, decimal } from "../output/units";
import { defineKind } from "./kind";

/** VPCs: private networks, with an optional EIP for port forwarding and a security group. */
export const vpcKind = defineKind<Vpc>({
  plural: "vpcs",
  singular: "vpc",
  aliases: ["vpc", "rtr", "router", "routers"],
  idPrefix: "rtr",
  hasLabels: false,
  list: (eci) => eci.vpcs.list(),
  get: (eci, id) => eci.vpcs.get(id),
  delete: async (eci, id) => (await eci.vpcs.delete(id), false),
  columns: [
    { header: "ID", cell: (v) => v.id },
    { header: "NAME", cell: (v) => v.name },
    { header: "CIDR", cell: (v) => v.cidr },
    { header: "EIP", cell: (v) => v.eipAddress ?? NONE },
    { header: "SECURITY GROUP", cell: (v) => v.securityGroupId ?? NONE },
    { header: "FORWARDINGS", cell: (v) => String(v.portForwardings.length) },
    { header: "PRICE/h", cell: (v) => decimal(v.hourlyPrice, 6) },
    { header: "AGE", cell: (v, now) => age(v.createdAt, now) },
    {
      header: "FORWARDING RULES",
      cell: (v) => (v.portForwardings.length === 0 ? NONE : v.portForwardings.map((f) => `${f.eipPort}/${f.protocol}->${f.privateIp}:${f.privatePort}`).join(",")),
      wide: true,
    },
  ],
});

/** Vxnets: subnets of VPCs; `vxnet-0` is the basic network. */
export const vxnetKind = defineKind<Vxnet>({
  plural: "vxnets",
  singular: "vxnet",
  aliases: ["vxnet", "subnet", "subnets"],
  idPrefix: "vxnet",
  hasLabels: false,
  list: (eci) => eci.vxnets.list(),
  get: (eci, id) => eci.vxnets.get(id),
  delete: async (eci, id) => (await eci.vxnets.delete(id), false),
  columns: [
    { header: "ID", cell: (v) => v.id },
    { header: "NAME", cell: (v) => v.name },
    { header: "VPC", cell: (v) => v.vpcId ?? NONE },
    { header: "CIDR", cell: (v) => v.cidr ?? NONE },
    { header: "AGE", cell: (v, now) => age(v.createdAt, now) },
  ],
});

/** EIPs: addresses from the engine's loopback pool, bound to a VPC or a basic-mode group. */
export const eipKind = defineKind<Eip>({
  plural: "eips",
  singular: "eip",
  aliases: ["eip"],
  idPrefix: "eip",
  hasLabels: false,
  list: (eci) => eci.eips.list(),
  get: (eci, id) => eci.eips.get(id),
  delete: async (eci, id) => (await eci.eips.delete(id), false),
  columns: [
    { header: "ID", cell: (e) => e.id },
    { header: "NAME", cell: (e) => e.name },
    { header: "ADDRESS", cell: (e) => e.address },
    { header: "STATUS", cell: (e) => e.status },
    { header: "ASSOCIATED WITH", cell: (e) => (e.associatedWith ? `${e.associatedWith.kind}/${e.associatedWith.id}` : NONE) },
    { header: "PRICE/h", cell: (e) => decimal(e.hourlyPrice, 6) },
    { header: "AGE", cell: (e, now) => age(e.createdAt, now) },
  ],
});

/** Security groups: ordered allow/deny rules, enforced on what comes in through an EIP. */
export const securityGroupKind = defineKind<SecurityGroup>({
  plural: "security-groups",
  singular: "security-group",
  aliases: ["security-group", "sg", "securitygroup", "securitygroups", "firewall", "firewalls"],
  idPrefix: "sg",
  hasLabels: false,
  list: (eci) => eci.securityGroups.list(),
  get: (eci, id) => eci.securityGroups.get(id),
  delete: async (eci, id) => (await eci.securityGroups.delete(id), false),
  columns: [
    { header: "ID", cell: (s) => s.id },
    { header: "NAME", cell: (s) => s.name },
    { header: "RULES", cell: (s) => String(s.rules.length) },
    { header: "ATTACHED TO", cell: (s) => (s.attachedTo.length === 0 ? NONE : s.attachedTo.join(",")) },
    { header: "PRICE/h", cell: (s) => decimal(s.hourlyPrice, 6) },
    { header: "AGE", cell: (s, now) => age(s.createdAt, now) },
    {
      header: "RULE LIST",
      cell: (s) =>
        s.rules.length === 0
          ? NONE
          : s.rules.map((r) => `${r.priority}:${r.direction}:${r.protocol}${r.ports ? `/${r.ports}` : ""}:${r.sourceCidr}:${r.action}`).join(","),
      wide: true,
    },
  ],
});
