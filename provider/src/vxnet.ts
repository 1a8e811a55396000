import * as pulumi from "@pulumi/pulumi";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { READY_RESOURCES } from "./ready-resources";

/** The arguments of a Vxnet. Only the name and description change in place. */
export interface VxnetArgs {
  /** 1–63 characters; default: the resource name and a random suffix. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** The VPC (`rtr-…`). Changing it replaces the vxnet. */
  vpcId: pulumi.Input<string>;
  /** A block of /16 to /28 in the VPC's range, not overlapping its other vxnets. Changing it replaces the vxnet. */
  cidr: pulumi.Input<string>;
}

const provider = new ReadyResourceProvider("Vxnet");

/** A subnet of a VPC (`vxnet-…`): groups join it with `network: { mode: "vpc", vxnetId }` and get an IP in it. */
export class Vxnet extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly vpcId: pulumi.Output<string>;
  declare readonly cidr: pulumi.Output<string>;
  /** Always 0: vxnets are not billed. */
  declare readonly hourlyPrice: pulumi.Output<number>;
  /** The version as of the last create, update or refresh; each update sends it as `If-Match`. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: VxnetArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...outputSlots(READY_RESOURCES.Vxnet.inputs.shape.outputKeys), ...args, [AUTONAME_KEY]: name }, opts, "eci", "Vxnet");
  }
}
