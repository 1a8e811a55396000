import * as pulumi from "@pulumi/pulumi";
import { ContainerGroupProvider } from "./container-group-provider";
import { OUTPUT_KEYS } from "./container-group-inputs";
import { EciResource } from "./eci-resource";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import type { ContainerGroupArgs, ContainerGroupOutputs } from "./resource-types";

const provider = new ContainerGroupProvider();

// Its outputs: the generated interface, merged into the class.
export interface ContainerGroup extends ContainerGroupOutputs {}

/**
 * A container group of an ECI engine: created, updated online (only changed containers restart) or
 * replaced (`hostType`), awaited until ready, and deleted only once the engine accepts it.
 */
export class ContainerGroup extends EciResource {
  constructor(name: string, args: ContainerGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, "ContainerGroup", name, { ...outputSlots(OUTPUT_KEYS), ...args, containers: withSecretValues(args.containers), [AUTONAME_KEY]: name }, opts);
  }
}

/**
 * The containers with each `secureEnv` value made a secret, so the state's inputs hold it encrypted even
 * when the program passed a plain string. Containers given as one Output are left as they are: their
 * values are secret only if the program made them so.
 */
export function withSecretValues(containers: ContainerGroupArgs["containers"]): ContainerGroupArgs["containers"] {
  if (!Array.isArray(containers)) return containers;
  return containers.map((c) => {
    if (!c || typeof c !== "object" || pulumi.Output.isInstance(c) || c instanceof Promise || c.secureEnv === undefined) return c;
    const secureEnv = c.secureEnv;
    const sealed =
      pulumi.Output.isInstance(secureEnv) || secureEnv instanceof Promise || typeof secureEnv !== "object" || secureEnv === null
        ? pulumi.secret(secureEnv)
        : Object.fromEntries(Object.entries(secureEnv).map(([k, v]) => [k, pulumi.secret(v)]));
    return { ...c, secureEnv: sealed };
  });
}
