import * as pulumi from "@pulumi/pulumi";
import { outputSlots } from "./inputs";
import { CREDENTIAL_OUTPUT_KEYS, RegistryCredentialProvider } from "./registry-credential-provider";

/** The arguments of a RegistryCredential: a login to one registry. Every change is an update (a rotation). */
export interface RegistryCredentialArgs {
  /** 1–63 characters; default: the server. */
  name?: pulumi.Input<string>;
  /** The registry host, with its port when not the default: `registry.example.com`, `127.0.0.1:5000`. */
  server: pulumi.Input<string>;
  username: pulumi.Input<string>;
  /**
   * Write-only: always stored as a secret in the state's inputs, never in outputs (the provider keeps
   * a salted hash there to see a change), never returned by the engine.
   */
  password: pulumi.Input<string>;
  /** Log in to the registry before storing (or rotating) the credential, and fail if the login fails. Default false; changing it alone sends nothing. */
  verify?: pulumi.Input<boolean>;
}

const provider = new RegistryCredentialProvider();

/**
 * A registry credential of an ECI engine (`rc-…`), for containers' `registryCredentialId` and image
 * caches' `registryCredentialIds`. Changing the password rotates it in place: later pulls use it,
 * and the resources that refer to it keep the same id.
 */
export class RegistryCredential extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly server: pulumi.Output<string>;
  declare readonly username: pulumi.Output<string>;
  /** A salted scrypt hash of the password, so a change is detected; the password itself is not an output. */
  declare readonly passwordHash: pulumi.Output<string>;
  /** When the engine last saw a new password. */
  declare readonly passwordUpdatedAt: pulumi.Output<string>;
  /** The credential's version as of the last create, update or refresh; each rotation sends it as `If-Match`. */
  declare readonly version: pulumi.Output<number>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: RegistryCredentialArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...outputSlots(CREDENTIAL_OUTPUT_KEYS), ...args, password: pulumi.secret(args.password) }, opts, "eci", "RegistryCredential");
  }
}
