import * as pulumi from "@pulumi/pulumi";
import { withSecretValues } from "./container-group";
import { EciResource } from "./eci-resource";
import { AUTONAME_KEY, outputSlots } from "./inputs";
import type { StandbyPoolArgs, StandbyPoolOutputs } from "./resource-types";
import { POOL_OUTPUT_KEYS, StandbyPoolProvider } from "./standby-pool-provider";

const provider = new StandbyPoolProvider();

// Its outputs: the generated interface, merged into the class.
export interface StandbyPool extends StandbyPoolOutputs {}

/**
 * A standby pool of an ECI engine (`sp-…`): groups of one profile kept running ahead of demand, which a
 * ContainerGroup with `standbyPoolId` claims. Every change is an update in place: a new profile drains
 * the pool and refills it.
 */
export class StandbyPool extends EciResource {
  constructor(name: string, args: StandbyPoolArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, "StandbyPool", name, { ...outputSlots(POOL_OUTPUT_KEYS), ...args, profile: withSecretProfile(args.profile), [AUTONAME_KEY]: name }, opts);
  }
}

/** The profile with its containers' `secureEnv` values made secrets, as a ContainerGroup's; a profile given as one Output is left as it is. */
function withSecretProfile(profile: StandbyPoolArgs["profile"]): StandbyPoolArgs["profile"] {
  if (!profile || typeof profile !== "object" || pulumi.Output.isInstance(profile) || profile instanceof Promise) return profile;
  return { ...profile, containers: withSecretValues(profile.containers) };
}
