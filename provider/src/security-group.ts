import * as pulumi from "@pulumi/pulumi";
import { EciResource } from "./eci-resource";
import type { SecurityGroupArgs, SecurityGroupOutputs } from "./resource-types";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { READY_RESOURCES } from "./ready-resources";

const provider = new ReadyResourceProvider("SecurityGroup");

// Its outputs: the generated interface, merged into the class.
export interface SecurityGroup extends SecurityGroupOutputs {}

/** A firewall of an ECI engine (`sg-…`), for a `Vpc`'s EIP or a basic-mode group's EIP. */
export class SecurityGroup extends EciResource {
  constructor(name: string, args: SecurityGroupArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(provider, "SecurityGroup", name, { ...outputSlots(READY_RESOURCES.SecurityGroup.inputs.shape.outputKeys), ...args, [AUTONAME_KEY]: name }, opts);
  }
}
