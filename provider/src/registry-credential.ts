import * as pulumi from "@pulumi/pulumi";
import { EciResource } from "./eci-resource";
import type { RegistryCredentialArgs, RegistryCredentialOutputs } from "./resource-types";
import { outputSlots } from "./inputs";
import { CREDENTIAL_OUTPUT_KEYS, RegistryCredentialProvider } from "./registry-credential-provider";

const provider = new RegistryCredentialProvider();

// Its outputs: the generated interface, merged into the class.
export interface RegistryCredential extends RegistryCredentialOutputs {}

/**
 * A registry credential of an ECI engine (`rc-…`), for containers' `registryCredentialId` and image
 * caches' `registryCredentialIds`. Changing the password rotates it in place: later pulls use it,
 * and the resources that refer to it keep the same id.
 */
export class RegistryCredential extends EciResource {
  constructor(name: string, args: RegistryCredentialArgs, opts?: pulumi.CustomResourceOptions) {
    // `get` passes no password.
    const password = args.password === undefined ? undefined : pulumi.secret(args.password);
    super(provider, "RegistryCredential", name, { ...outputSlots(CREDENTIAL_OUTPUT_KEYS), ...args, password }, opts);
  }
}
