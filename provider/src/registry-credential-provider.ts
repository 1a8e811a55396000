import { type RegistryCredential, type RegistryCredentialSpec, RegistryCredentialSpecSchema, hasCode } from "@eci/sdk";
import { z } from "zod";
import { REGISTRY_CREDENTIAL_CHANGES, changesBetween, diffOf, kindsOf } from "./diff";
import { EngineProvider, orNullIfMissing } from "./engine-provider";
import { ResourceInputs, dropUndefined, pick } from "./inputs";
import { hashPassword, matchesHash } from "./password-hash";
import { withVersionRetry } from "./version-retry";

type Props = Record<string, unknown>;

/** Outputs that are not inputs. `passwordHash` stands in for the password, which is never an output. */
export const CREDENTIAL_OUTPUT_KEYS = ["passwordHash", "passwordUpdatedAt", "version", "createdAt"];

export const REGISTRY_CREDENTIAL_INPUTS = new ResourceInputs<RegistryCredentialSpec, Record<string, never>>({
  spec: RegistryCredentialSpecSchema,
  specKeys: Object.keys(RegistryCredentialSpecSchema.shape),
  own: z.object({}),
  ownKeys: [],
  outputKeys: CREDENTIAL_OUTPUT_KEYS,
  // The engine names a credential after its server by default (unknown while the server is); saying so here keeps a later diff clean.
  derived: (spec) => (spec.name === undefined ? { ...spec, name: spec.server } : spec),
});

/** A password that a refresh found rotated outside Pulumi: it matches nothing, so the next `up` sets the declared one again. */
export const ROTATED_ELSEWHERE = "rotated outside Pulumi";

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

  async diff(_id: string, olds: Props, news: Props) {
    return diffOf(changes(olds, news));
  }

  async create(inputs: Props) {
    const credential = await this.client().registryCredentials.create(specOf(inputs));
    return { id: credential.id, outs: outputsOf(inputs, credential, hashPassword(inputs.password as string)) };
  }

  /** A change of `verify` alone sends nothing: it applies to the next create or rotation. A rotation is sent on the version last read. */
  async update(id: string, olds: Props, news: Props) {
    const client = this.client();
    const kinds = kindsOf(changes(olds, news));
    const onlyProvider = [...kinds].every((k) => k === "provider");
    const rotate = (ifMatch: number | undefined) => client.registryCredentials.update(id, specOf(news), { ifMatch });
    const subject = `RegistryCredential ${String(news.name)} (${id})`;
    const credential = onlyProvider ? await client.registryCredentials.get(id) : await withVersionRetry(subject, olds.version, rotate, () => client.registryCredentials.get(id));
    const password = news.password as string;
    return { outs: outputsOf(news, credential, matchesHash(password, olds.passwordHash) ? (olds.passwordHash as string) : hashPassword(password)) };
  }

  /** Refused by the engine (`in_use`) while a container group refers to the credential; already gone is fine. */
  async delete(id: string) {
    await this.client().registryCredentials.delete(id).catch((err: unknown) => {
      if (!hasCode(err, "not_found")) throw err;
    });
  }

  /** Refresh: what the engine holds now; a password rotated outside Pulumi shows as a change to set back. */
  async read(id: string, props: Props) {
    const credential = await orNullIfMissing(this.client().registryCredentials.get(id));
    if (!credential) return {};
    const same = credential.passwordUpdatedAt === props.passwordUpdatedAt;
    const inputs = dropUndefined({ ...pick(credential, ["name", "server", "username"]), verify: props.verify });
    return { id, props: outputsOf(inputs, credential, same ? (props.passwordHash as string) : ROTATED_ELSEWHERE), inputs };
  }
}

function specOf(inputs: Props): RegistryCredentialSpec {
  return REGISTRY_CREDENTIAL_INPUTS.split(inputs).spec as unknown as RegistryCredentialSpec;
}

/** The changes from old outputs to new inputs: the password counts as unchanged only when it matches the stored hash. */
function changes(olds: Props, news: Props) {
  const password = typeof news.password === "string" && matchesHash(news.password, olds.passwordHash) ? news.password : undefined;
  return changesBetween(REGISTRY_CREDENTIAL_CHANGES, REGISTRY_CREDENTIAL_INPUTS, { ...olds, password }, news);
}

/** Outputs: the inputs without the password, its hash, and what the engine reports. */
export function outputsOf(inputs: Props, credential: RegistryCredential, passwordHash: string): Props {
  const { password: _password, ...rest } = inputs;
  return dropUndefined({ ...rest, name: credential.name, passwordHash, passwordUpdatedAt: credential.passwordUpdatedAt, version: credential.version, createdAt: credential.createdAt });
}
