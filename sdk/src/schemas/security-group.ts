import { z } from "zod";
import { parseCidr } from "../net/cidr";
import { HourlyPriceSchema, NameSchema, TimestampSchema, VersionSchema, idSchema, listSchema } from "./common";

export const MAX_RULES = 100;

/** `80` or `8000-8100`. */
const PortRangeSchema = z
  .string()
  .regex(/^\d{1,5}(-\d{1,5})?$/, "must be a port or a range such as 80 or 8000-8100")
  .refine((r) => {
    const [from, to = from] = r.split("-").map(Number);
    return from >= 1 && to <= 65535 && from <= to;
  }, "must be ports 1–65535, the first no greater than the last");

export const CidrSchema = z.string().refine((c) => parseCidr(c) !== undefined, "must be an IPv4 block such as 10.0.0.0/16, without host bits");

/** One rule: the lowest `priority` that matches a packet decides; a packet no rule matches is dropped. */
export const SecurityGroupRuleSchema = z.strictObject({
  priority: z.number().int().min(0).max(100).describe("0–100; lower runs first."),
  direction: z.enum(["ingress", "egress"]).default("ingress").describe("`ingress`: traffic coming in to the groups; `egress`: traffic they send out."),
  protocol: z.enum(["TCP", "UDP", "ICMP", "ALL"]).default("TCP").describe("The protocol the rule matches; `ALL` matches every one."),
  ports: PortRangeSchema.optional().describe("A port or a range; every port when omitted. Only for TCP and UDP."),
  sourceCidr: CidrSchema.default("0.0.0.0/0").describe("Where the traffic comes from (ingress) or goes to (egress)."),
  action: z.enum(["accept", "drop"]).default("accept").describe("What happens to traffic the rule matches."),
});
export type SecurityGroupRule = z.infer<typeof SecurityGroupRuleSchema>;

/** What a user declares for a security group (a firewall). Every field changes online. */
export const SecurityGroupSpecSchema = z.strictObject({
  name: NameSchema.describe("The security group's name."),
  description: z.string().max(1024).default("").describe("Free text about the security group."),
  rules: z.array(SecurityGroupRuleSchema).max(MAX_RULES).default([]).describe(`Up to ${MAX_RULES} ordered rules; changes take effect without restarting anything.`),
});
export type SecurityGroupSpecInput = z.input<typeof SecurityGroupSpecSchema>;
export type SecurityGroupSpec = z.infer<typeof SecurityGroupSpecSchema>;

export const SecurityGroupSchema = z.object({
  id: idSchema("sg"),
  name: z.string(),
  description: z.string(),
  rules: z.array(SecurityGroupRuleSchema),
  attachedTo: z.array(z.string()).describe("The VPCs and basic-mode container groups it filters."),
  hourlyPrice: HourlyPriceSchema,
  version: VersionSchema,
  createdAt: TimestampSchema.describe("When it was created (RFC 3339)."),
  updatedAt: TimestampSchema.describe("When its spec or status last changed (RFC 3339)."),
});
export type SecurityGroup = z.infer<typeof SecurityGroupSchema>;

export const SecurityGroupListSchema = listSchema(SecurityGroupSchema);
