import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "./resource-types";

/** `get`'s options: a resource's options, and the connection to read it through (default: the stack config's). */
export interface GetOptions extends pulumi.CustomResourceOptions {
  connection?: pulumi.Input<ConnectionArgs>;
}

/**
 * What the resource classes of `@eci/pulumi` share: `connection` registered with its access key a
 * secret and kept secret as an output, and the static `get`.
 */
export abstract class EciResource extends pulumi.dynamic.Resource {
  protected constructor(provider: pulumi.dynamic.ResourceProvider, type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    const additionalSecretOutputs = [...(opts?.additionalSecretOutputs ?? []), "connection"];
    super(provider, name, { ...props, connection: withSecretKey(props.connection) }, { ...opts, additionalSecretOutputs }, "eci", type);
  }

  /**
   * The existing resource with this id, read from its engine by the provider's `read`: its outputs, as
   * a generated provider's `get` gives them. Pulumi manages nothing of it. Needs `@pulumi/pulumi` 3.268
   * or later (earlier provider servers fail a Read without a state).
   */
  static get<T extends EciResource>(this: new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => T, name: string, id: pulumi.Input<pulumi.ID>, opts: GetOptions = {}): T {
    const { connection, ...options } = opts;
    return new this(name, { connection } as never, { ...options, id });
  }
}

/**
 * The connection with its access key made a secret, so the state holds it encrypted even when the
 * program passed a plain string; a connection given as one Output is made a secret whole.
 */
function withSecretKey(connection: unknown): unknown {
  if (connection === undefined || connection === null) return connection;
  if (pulumi.Output.isInstance(connection) || connection instanceof Promise || typeof connection !== "object") return pulumi.secret(connection as pulumi.Input<unknown>);
  const { accessKey } = connection as ConnectionArgs;
  return accessKey === undefined ? connection : { ...connection, accessKey: pulumi.secret(accessKey) };
}
