import * as pulumi from "@pulumi/pulumi";
import { EciResource } from "./eci-resource";
import type { VpcArgs, VpcOutputs } from "./resource-types";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { READY_RESOURCES } from "./ready-resources";

const provider = new ReadyResourceProvider("Vpc");

// Its outputs: the generated interface, merged into the class.
export interface Vpc extends VpcOutputs {}

/**
 * A VPC of an ECI engine (`rtr-…`): a private network (a Docker bridge) whose groups reach each
 * other, with an EIP forwarding ports to them through a security group.
 */
export class Vpc extends EciResource {
  constructor(name: string, args: VpcArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(provider, "Vpc", name, { ...outputSlots(READY_RESOURCES.Vpc.inputs.shape.outputKeys), ...args, [AUTONAME_KEY]: name }, opts);
  }
}
