import * as pulumi from "@pulumi/pulumi";
import { EciResource } from "./eci-resource";
import type { DiskArgs, DiskOutputs } from "./resource-types";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { READY_RESOURCES } from "./ready-resources";

const provider = new ReadyResourceProvider("Disk");

// Its outputs: the generated interface, merged into the class.
export interface Disk extends DiskOutputs {}

/**
 * A disk of an ECI engine (`vol-…`): data that outlives groups. A group mounts it with a volume
 * `{ name, disk: { diskId } }`; it is attached to one group at a time.
 */
export class Disk extends EciResource {
  constructor(name: string, args: DiskArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(provider, "Disk", name, { ...outputSlots(READY_RESOURCES.Disk.inputs.shape.outputKeys), ...args, [AUTONAME_KEY]: name }, opts);
  }
}
