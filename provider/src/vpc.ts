import * as pulumi from "@pulumi/pulumi";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { READY_RESOURCES } from "./ready-resources";

/** `EIP:eipPort → privateIp:privatePort`. */
export interface PortForwardingArgs {
  name?: pulumi.Input<string>;
  /** `TCP` (default) or `UDP`. */
  protocol?: pulumi.Input<"TCP" | "UDP">;
  eipPort: pulumi.Input<number>;
  /** A private IP in the VPC's range, such as a group's fixed `network.privateIp`. */
  privateIp: pulumi.Input<string>;
  privatePort: pulumi.Input<number>;
}

/** The arguments of a Vpc. Everything but `cidr` changes in place, without restarting any group. */
export interface VpcArgs {
  /** 1–63 characters; default: the resource name and a random suffix. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** A private range of /16 to /24, default `192.168.0.0/16`. Changing it replaces the VPC. */
  cidr?: pulumi.Input<string>;
  /** The EIP port forwarding listens on. */
  eipId?: pulumi.Input<string>;
  /** Filters what comes in through the EIP. */
  securityGroupId?: pulumi.Input<string>;
  portForwardings?: pulumi.Input<pulumi.Input<PortForwardingArgs>[]>;
}

const provider = new ReadyResourceProvider("Vpc");

/**
 * A VPC of an ECI engine (`rtr-…`): a private network (a Docker bridge) whose groups reach each
 * other, with an EIP forwarding ports to them through a security group.
 */
export class Vpc extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly cidr: pulumi.Output<string>;
  declare readonly eipId: pulumi.Output<string | undefined>;
  declare readonly securityGroupId: pulumi.Output<string | undefined>;
  declare readonly portForwardings: pulumi.Output<{ name?: string; protocol: "TCP" | "UDP"; eipPort: number; privateIp: string; privatePort: number }[]>;
  /** The EIP's address, where port forwarding listens; null without an EIP. */
  declare readonly eipAddress: pulumi.Output<string | null>;
  declare readonly status: pulumi.Output<string>;
  /** What the VPC costs per hour, in the engine's currency, as of the last create, update or refresh (`GET /v1/billing` has the bill). */
  declare readonly hourlyPrice: pulumi.Output<number>;
  /** The version as of the last create, update or refresh; each update sends it as `If-Match`. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: VpcArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...outputSlots(READY_RESOURCES.Vpc.inputs.shape.outputKeys), ...args, [AUTONAME_KEY]: name }, opts, "eci", "Vpc");
  }
}
