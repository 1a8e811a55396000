import { z } from "zod";
import { PRIVATE_RANGES, cidrContains, cidrWithin, isIpv4, parseCidr } from "../net/cidr";
import { HourlyPriceSchema, NameSchema, TimestampSchema, VersionSchema, idSchema, listSchema } from "./common";
import { CidrSchema } from "./security-group";

/** EIP:eipPort → privateIp:privatePort, for TCP or UDP. */
export const PortForwardingSchema = z.strictObject({
  name: z.string().max(63).optional().describe("A name for the rule, for people."),
  protocol: z.enum(["TCP", "UDP"]).default("TCP").describe("What is forwarded: TCP connections or UDP datagrams."),
  eipPort: z.number().int().min(1).max(65535).describe("The port on the VPC's EIP."),
  privateIp: z.string().refine(isIpv4, "must be an IPv4 address").describe("A private IP in the VPC, such as a group's."),
  privatePort: z.number().int().min(1).max(65535).describe("The port at the private IP."),
});
export type PortForwarding = z.infer<typeof PortForwardingSchema>;

/**
 * What a user declares for a VPC (SPEC §1, §4): a private address range, and optionally an EIP with
 * port forwarding rules and a security group filtering what comes in through them. Everything but
 * the range changes online, without restarting any group.
 */
export const VpcSpecSchema = z
  .strictObject({
    name: NameSchema.describe("The VPC's name."),
    description: z.string().max(1024).default("").describe("Free text about the VPC."),
    cidr: CidrSchema.refine((c) => {
      const block = parseCidr(c);
      return block !== undefined && block.prefix >= 16 && block.prefix <= 24 && PRIVATE_RANGES.some((r) => cidrWithin(block, r));
    }, "must be a private range (10/8, 172.16/12, 192.168/16) of /16 to /24")
      .default("192.168.0.0/16")
      .describe("The VPC's private address range, /16 to /24 within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16. Cannot change."),
    eipId: idSchema("eip").optional().describe("The EIP that port forwarding listens on."),
    securityGroupId: idSchema("sg").optional().describe("Filters what comes in through the EIP."),
    portForwardings: z.array(PortForwardingSchema).max(100).default([]).describe("EIP port → private IP and port, for TCP or UDP; filtered by the security group."),
  })
  .superRefine((spec, ctx) => {
    const block = parseCidr(spec.cidr);
    const seen = new Map<string, number>();
    spec.portForwardings.forEach((rule, i) => {
      const key = `${rule.eipPort}/${rule.protocol}`;
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["portForwardings", i, "eipPort"], message: `${key} is already forwarded by portForwardings[${first}]`, params: { rule: "unique" }, input: rule.eipPort });
      else seen.set(key, i);
      if (block && isIpv4(rule.privateIp) && !cidrContains(block, rule.privateIp)) {
        ctx.addIssue({ code: "custom", path: ["portForwardings", i, "privateIp"], message: `${rule.privateIp} is not in the VPC's range ${spec.cidr}`, params: { rule: "in_range" }, input: rule.privateIp });
      }
    });
    if (spec.portForwardings.length > 0 && !spec.eipId) {
      ctx.addIssue({ code: "custom", path: ["eipId"], message: "port forwarding needs an EIP to listen on", params: { rule: "required_with:portForwardings" }, input: undefined });
    }
  });
export type VpcSpecInput = z.input<typeof VpcSpecSchema>;
export type VpcSpec = z.infer<typeof VpcSpecSchema>;

export const VpcSchema = z.object({
  id: idSchema("rtr"),
  name: z.string(),
  description: z.string(),
  cidr: z.string(),
  eipId: z.string().optional(),
  securityGroupId: z.string().optional(),
  portForwardings: z.array(PortForwardingSchema),
  status: z.enum(["active"]).describe("`active`: a VPC is usable as soon as it exists."),
  eipAddress: z.string().nullable().describe("The EIP's address, when the VPC has one: where port forwarding listens."),
  hourlyPrice: HourlyPriceSchema,
  version: VersionSchema,
  createdAt: TimestampSchema.describe("When it was created (RFC 3339)."),
  updatedAt: TimestampSchema.describe("When its spec or status last changed (RFC 3339)."),
});
export type Vpc = z.infer<typeof VpcSchema>;
export const VpcListSchema = listSchema(VpcSchema);

/** What a user declares for a vxnet: a subnet of a VPC. Only name and description change. */
export const VxnetSpecSchema = z.strictObject({
  name: NameSchema.describe("The vxnet's name."),
  description: z.string().max(1024).default("").describe("Free text about the vxnet."),
  vpcId: idSchema("rtr").describe("The VPC the vxnet belongs to. Cannot change."),
  cidr: CidrSchema.refine((c) => {
    const block = parseCidr(c);
    return block !== undefined && block.prefix >= 16 && block.prefix <= 28;
  }, "must be a block of /16 to /28").describe("A part of the VPC's range, not overlapping its other vxnets. Cannot change."),
});
export type VxnetSpecInput = z.input<typeof VxnetSpecSchema>;
export type VxnetSpec = z.infer<typeof VxnetSpecSchema>;

export const VxnetSchema = z.object({
  id: z.string().regex(/^vxnet-[a-z0-9]+$/),
  name: z.string(),
  description: z.string(),
  vpcId: z.string().nullable().describe("Null for `vxnet-0`, the basic network."),
  cidr: z.string().nullable(),
  hourlyPrice: HourlyPriceSchema.describe("Always 0: vxnets are not billed."),
  version: VersionSchema,
  createdAt: TimestampSchema.describe("When it was created (RFC 3339)."),
  updatedAt: TimestampSchema.describe("When its spec or status last changed (RFC 3339)."),
});
export type Vxnet = z.infer<typeof VxnetSchema>;
export const VxnetListSchema = listSchema(VxnetSchema);
