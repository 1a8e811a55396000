import * as pulumi from "@pulumi/pulumi";
import { EciResource } from "./eci-resource";
import type { VxnetArgs, VxnetOutputs } from "./resource-types";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { READY_RESOURCES } from "./ready-resources";

const provider = new ReadyResourceProvider("Vxnet");

// Its outputs: the generated interface, merged into the class.
export interface Vxnet extends VxnetOutputs {}

/** A subnet of a VPC (`vxnet-…`): groups join it with `network: { mode: "vpc", vxnetId }` and get an IP in it. */
export class Vxnet extends EciResource {
  constructor(name: string, args: VxnetArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, "Vxnet", name, { ...outputSlots(READY_RESOURCES.Vxnet.inputs.shape.outputKeys), ...args, [AUTONAME_KEY]: name }, opts);
  }
}
