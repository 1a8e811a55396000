import { type RegistryCredential, type RegistryCredentialSpec, RegistryCredentialSpecSchema, hasCode } from "@eci/sdk";
import { z } from "zod";
import { adoptable } from "./adoption";
import { sharedInputs } from "./connection";
import { type ChangeContext, REGISTRY_CREDENTIAL_CHANGES, changesBetween, diffOf, kindsOf, sendsToEngine } from "./diff";
import { EngineProvider, orNullIfMissing } from "./engine-provider";
import { ResourceInputs, dropUndefined, pick } from "./inputs";
import { hashPassword, matchesHash } from "./password-hash";
import { withVersionRetry } from "./version-retry";

type Props = Record<string, unknown>;

/** Outputs that are not inputs. `passwordHash` stands in for the password, which is never an output. */
export const CREDENTIAL_OUTPUT_KEYS = ["passwordHash", "passwordUpdatedAt", "version", "createdAt"];

const CredentialProviderInputsSchema = z.object(sharedInputs("rc"));

export const REGISTRY_CREDENTIAL_INPUTS = new ResourceInputs<RegistryCredentialSpec, z.infer<typeof CredentialProviderInputsSchema>>({
  spec: RegistryCredentialSpecSchema,
  specKeys: Object.keys(RegistryCredentialSpecSchema.shape),
  own: CredentialProviderInputsSchema,
  ownKeys: Object.keys(CredentialProviderInputsSchema.shape),
  outputKeys: CREDENTIAL_OUTPUT_KEYS,
  // The engine names a credential after its server by default (unknown while the server is); saying so here keeps a later diff clean.
  derived: (spec) => (spec.name === undefined ? { ...spec, name: spec.server } : spec),
});

/** A password that a refresh found rotated outside Pulumi: it matches nothing, so the next `up` sets the declared one again. */
export const ROTATED_ELSEWHERE = "rotated outside Pulumi";
/** The password of a credential read without a state (`get`, adoption): set outside Pulumi, it matches nothing either. */
export const SET_ELSEWHERE = "set outside Pulumi";

/**
 * The hooks of the RegistryCredential dynamic resource. The engine never returns a password, and the
 * provider never puts one in outputs: it keeps a salted hash, so a new password is still seen as a
 * change, and every change (server, username, password, name) is an update, a rotation, never a
 * replacement: groups and caches that refer to the credential keep its id.
 */
export class RegistryCredentialProvider extends EngineProvider {
  async check(olds: Props, news: Props) {
    return REGISTRY_CREDENTIAL_INPUTS.check(olds, news);
  }

  async diff(id: string, olds: Props, news: Props) {
    return diffOf(changes(olds, news, this.changeContext(id)));
  }

  /** Creates the credential, or adopts `adoptId` and rotates it to the declared login (the engine never tells whether its password is the same). */
  async create(inputs: Props) {
    if (inputs.adoptId) {
      const { id, olds } = await adoptable(this, "registry credential", inputs);
      return { id, ...(await this.update(id, olds, inputs)) };
    }
    const credential = await this.client(inputs).registryCredentials.create(specOf(inputs));
    return { id: credential.id, outs: outputsOf(inputs, credential, hashPassword(inputs.password as string)) };
  }

  /** A change of `verify` (or of the connection's key) alone sends nothing: it applies to the next create or rotation. A rotation is sent on the version last read. */
  async update(id: string, olds: Props, news: Props) {
    const client = this.client(news);
    const rotate = (ifMatch: number | undefined) => client.registryCredentials.update(id, specOf(news), { ifMatch });
    const subject = `RegistryCredential ${String(news.name)} (${id})`;
    const rotating = sendsToEngine(kindsOf(changes(olds, news, this.changeContext(id))));
    const credential = rotating ? await withVersionRetry(subject, olds.version, rotate, () => client.registryCredentials.get(id)) : await client.registryCredentials.get(id);
    const password = news.password as string;
    return { outs: outputsOf(news, credential, matchesHash(password, olds.passwordHash) ? (olds.passwordHash as string) : hashPassword(password)) };
  }

  /** Refused by the engine (`in_use`) while a container group refers to the credential; already gone is fine. */
  async delete(id: string, props: Props) {
    await this.client(props).registryCredentials.delete(id).catch((err: unknown) => {
      if (!hasCode(err, "not_found")) throw err;
    });
  }

  /**
   * Refresh: what the engine holds now; a password rotated outside Pulumi shows as a change to set back.
   * Read without a state (`get`, adoption), the password is not known: the declared one shows as a rotation.
   */
  async read(id: string, props: Props) {
    const credential = await orNullIfMissing(this.client(props).registryCredentials.get(id));
    if (!credential) return {};
    const passwordHash = props.passwordHash === undefined ? SET_ELSEWHERE : credential.passwordUpdatedAt === props.passwordUpdatedAt ? (props.passwordHash as string) : ROTATED_ELSEWHERE;
    const inputs = REGISTRY_CREDENTIAL_INPUTS.fromEngine({ ...pick(credential, ["name", "server", "username"]), verify: props.verify }, props);
    return { id, props: outputsOf(inputs, credential, passwordHash), inputs };
  }
}

function specOf(inputs: Props): RegistryCredentialSpec {
  return REGISTRY_CREDENTIAL_INPUTS.split(inputs).spec as unknown as RegistryCredentialSpec;
}

/** The changes from old outputs to new inputs: the password counts as unchanged only when it matches the stored hash. */
function changes(olds: Props, news: Props, context: ChangeContext) {
  const password = typeof news.password === "string" && matchesHash(news.password, olds.passwordHash) ? news.password : undefined;
  return changesBetween(REGISTRY_CREDENTIAL_CHANGES, REGISTRY_CREDENTIAL_INPUTS, { ...olds, password }, news, context);
}

/** Outputs: the inputs without the password, its hash, and what the engine reports. */
export function outputsOf(inputs: Props, credential: RegistryCredential, passwordHash: string): Props {
  const { password: _password, ...rest } = inputs;
  return dropUndefined({ ...rest, name: credential.name, passwordHash, passwordUpdatedAt: credential.passwordUpdatedAt, version: credential.version, createdAt: credential.createdAt });
}
