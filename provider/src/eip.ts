import * as pulumi from "@pulumi/pulumi";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import { ReadyResourceProvider } from "./ready-resource-provider";
import { READY_RESOURCES } from "./ready-resources";

/** The arguments of an Eip: only a name and a description; the engine picks the address. */
export interface EipArgs {
  /** 1–63 characters; default: the resource name and a random suffix. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
}

const provider = new ReadyResourceProvider("Eip");

/**
 * An elastic IP of an ECI engine (`eip-…`), from the engine's loopback pool (127.100.0.0/16 by
 * default), so it is reachable from the engine's host. Bind it to a `Vpc` (`eipId`, for port
 * forwarding) or to a basic-mode group (`network.eipId`).
 */
export class Eip extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  /** Where it answers, such as `127.100.0.1`. */
  declare readonly address: pulumi.Output<string>;
  /** `available`, or `associated` (to a VPC or a group) as of the last create, update or refresh. */
  declare readonly status: pulumi.Output<string>;
  declare readonly associatedWith: pulumi.Output<{ kind: "vpc" | "container-group"; id: string } | null>;
  /** What the EIP costs per hour, in the engine's currency, as of the last create, update or refresh (`GET /v1/billing` has the bill). */
  declare readonly hourlyPrice: pulumi.Output<number>;
  /** The version as of the last create, update or refresh; each update sends it as `If-Match`. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: EipArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...outputSlots(READY_RESOURCES.Eip.inputs.shape.outputKeys), ...args, [AUTONAME_KEY]: name }, opts, "eci", "Eip");
  }
}
