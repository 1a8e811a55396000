import * as pulumi from "@pulumi/pulumi";
import { EciResource } from "./eci-resource";
import type { EipArgs, EipOutputs } from "./resource-types";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { READY_RESOURCES } from "./ready-resources";

const provider = new ReadyResourceProvider("Eip");

// Its outputs: the generated interface, merged into the class.
export interface Eip extends EipOutputs {}

/**
 * An elastic IP of an ECI engine (`eip-…`), from the engine's loopback pool (127.100.0.0/16 by
 * default), so it is reachable from the engine's host. Bind it to a `Vpc` (`eipId`, for port
 * forwarding) or to a basic-mode group (`network.eipId`).
 */
export class Eip extends EciResource {
  constructor(name: string, args: EipArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(provider, "Eip", name, { ...outputSlots(READY_RESOURCES.Eip.inputs.shape.outputKeys), ...args, [AUTONAME_KEY]: name }, opts);
  }
}
