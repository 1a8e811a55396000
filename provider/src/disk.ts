import * as pulumi from "@pulumi/pulumi";
import type { DiskType } from "@eci/sdk";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { READY_RESOURCES } from "./ready-resources";

/** The arguments of a Disk. The type cannot change (a new type replaces the disk, and its data); the size only grows. */
export interface DiskArgs {
  /** 1–63 characters; default: the resource name and a random suffix. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Default `basic`; it decides which host types can mount the disk. Changing it replaces the disk. */
  type?: pulumi.Input<DiskType>;
  /** 20–5000 in steps of 10, default 20. It can grow in place; `check` refuses a smaller size. */
  sizeGB?: pulumi.Input<number>;
}

const provider = new ReadyResourceProvider("Disk");

/**
 * A disk of an ECI engine (`vol-…`): data that outlives groups. A group mounts it with a volume
 * `{ name, disk: { diskId } }`; it is attached to one group at a time.
 */
export class Disk extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly type: pulumi.Output<DiskType>;
  declare readonly sizeGB: pulumi.Output<number>;
  /** `available` or `in-use`, as of the last create, update or refresh. */
  declare readonly status: pulumi.Output<string>;
  declare readonly attachedTo: pulumi.Output<string | null>;
  /** What the disk costs per hour, in the engine's currency, as of the last create, update or refresh (`GET /v1/billing` has the bill). */
  declare readonly hourlyPrice: pulumi.Output<number>;
  /** The version as of the last create, update or refresh; each update sends it as `If-Match`. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: DiskArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...outputSlots(READY_RESOURCES.Disk.inputs.shape.outputKeys), ...args, [AUTONAME_KEY]: name }, opts, "eci", "Disk");
  }
}
