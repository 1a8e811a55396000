import * as pulumi from "@pulumi/pulumi";
import type { SecurityGroupRule } from "@eci/sdk";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { READY_RESOURCES } from "./ready-resources";

/** One rule: the lowest `priority` that matches decides; what no rule matches is dropped. */
export interface SecurityGroupRuleArgs {
  /** 0–100; lower runs first. */
  priority: pulumi.Input<number>;
  /** `ingress` (default) or `egress`. */
  direction?: pulumi.Input<"ingress" | "egress">;
  /** `TCP` (default), `UDP`, `ICMP` or `ALL`. */
  protocol?: pulumi.Input<"TCP" | "UDP" | "ICMP" | "ALL">;
  /** `80` or `8000-8100`; every port when omitted. */
  ports?: pulumi.Input<string>;
  /** Default `0.0.0.0/0`. */
  sourceCidr?: pulumi.Input<string>;
  /** `accept` (default) or `drop`. */
  action?: pulumi.Input<"accept" | "drop">;
}

/** The arguments of a SecurityGroup. Every change applies at once, without restarting anything. */
export interface SecurityGroupArgs {
  /** 1–63 characters; default: the resource name and a random suffix. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Up to 100 ordered rules. */
  rules?: pulumi.Input<pulumi.Input<SecurityGroupRuleArgs>[]>;
}

const provider = new ReadyResourceProvider("SecurityGroup");

/** A firewall of an ECI engine (`sg-…`), for a `Vpc`'s EIP or a basic-mode group's EIP. */
export class SecurityGroup extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  /** The rules with their defaults filled. */
  declare readonly rules: pulumi.Output<SecurityGroupRule[]>;
  /** The VPCs and basic-mode groups it filters, as of the last create, update or refresh. */
  declare readonly attachedTo: pulumi.Output<string[]>;
  /** What the security group costs per hour, in the engine's currency, as of the last create, update or refresh (`GET /v1/billing` has the bill). */
  declare readonly hourlyPrice: pulumi.Output<number>;
  /** The version as of the last create, update or refresh; each update sends it as `If-Match`. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: SecurityGroupArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...outputSlots(READY_RESOURCES.SecurityGroup.inputs.shape.outputKeys), ...args, [AUTONAME_KEY]: name }, opts, "eci", "SecurityGroup");
  }
}
