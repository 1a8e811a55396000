import { type StandbyPool, type StandbyPoolSpec, StandbyPoolSpecSchema, hasCode } from "@eci/sdk";
import { z } from "zod";
import { adoptable } from "./adoption";
import { isRecord } from "./canonical";
import { type SharedInputs, sharedInputs } from "./connection";
import { derivedGroupDefaults, withSpecContainers } from "./container-group-inputs";
import { type ChangeContext, type FieldChange, STANDBY_POOL_CHANGES, changesBetween, diffOf, kindsOf, sendsToEngine } from "./diff";
import { EngineProvider, orNullIfMissing } from "./engine-provider";
import { ResourceInputs, dropUndefined, pick } from "./inputs";
import { SECURE_ENV_HASHES, type SecureEnvHashes, comparableSecureEnv, reportedHashes, secureEnvHashes } from "./secure-env-hashes";
import { withVersionRetry } from "./version-retry";

type Props = Record<string, unknown>;

/** What the engine reports of a pool beyond its spec, kept as outputs (`version` for `If-Match`). */
const REPORTED_KEYS = ["status", "readyCount", "creatingCount", "hourlyPrice", "version", "createdAt", "updatedAt"];

/** Outputs that are not inputs; `secureEnvHashes` stands in for the profile's `secureEnv` values. */
export const POOL_OUTPUT_KEYS = [...REPORTED_KEYS, SECURE_ENV_HASHES];

const OwnInputsSchema = z.object(sharedInputs("sp"));

export const STANDBY_POOL_INPUTS = new ResourceInputs<StandbyPoolSpec, SharedInputs>({
  spec: StandbyPoolSpecSchema,
  specKeys: Object.keys(StandbyPoolSpecSchema.shape),
  own: OwnInputsSchema,
  ownKeys: Object.keys(OwnInputsSchema.shape),
  outputKeys: POOL_OUTPUT_KEYS,
  autoname: "pool",
  derived: (spec) => (isRecord(spec.profile) ? { ...spec, profile: derivedGroupDefaults(spec.profile) } : spec),
});

/**
 * The hooks of the StandbyPool dynamic resource. A pool is ready as soon as the engine answers (its
 * groups are started by the engine afterwards: `readyCount` says how many run); every change is one
 * `PUT` of the whole spec on the version last read, never a replacement.
 */
export class StandbyPoolProvider extends EngineProvider {
  async check(olds: Props, news: Props) {
    return STANDBY_POOL_INPUTS.check(olds, news);
  }

  async diff(id: string, olds: Props, news: Props) {
    return diffOf(poolChanges(olds, news, this.changeContext(id)));
  }

  /** Creates the pool, or adopts `adoptId` and applies the declared spec to it as an update. */
  async create(inputs: Props) {
    if (inputs.adoptId) {
      const { id, olds } = await adoptable(this, "standby pool", inputs);
      return { id, ...(await this.update(id, olds, inputs)) };
    }
    const created = await this.client(inputs).standbyPools.create(specOf(inputs));
    return { id: created.id, outs: outputsOf(inputs, created, secureEnvHashes(profileOf(inputs))) };
  }

  /** A changed profile drains the pool and refills it (the engine does); a change for the provider alone (the connection's key) sends nothing. */
  async update(id: string, olds: Props, news: Props) {
    const pools = this.client(news).standbyPools;
    const sends = sendsToEngine(kindsOf(poolChanges(olds, news, this.changeContext(id))));
    const put = (ifMatch: number | undefined) => pools.update(id, specOf(news), { ifMatch });
    const pool = sends ? await withVersionRetry(`StandbyPool ${String(news.name)} (${id})`, olds.version, put, () => pools.get(id)) : await pools.get(id);
    return { outs: outputsOf(news, pool, secureEnvHashes(profileOf(news), olds[SECURE_ENV_HASHES])) };
  }

  /** The engine deletes the groups the pool holds with it (claimed groups are not its own any more); already gone is fine. */
  async delete(id: string, props: Props) {
    await this.client(props)
      .standbyPools.delete(id)
      .catch((err: unknown) => {
        if (!hasCode(err, "not_found")) throw err;
      });
  }

  /**
   * Refresh: inputs rebuilt from the pool the engine holds, so a preview shows real drift; the profile's
   * `secureEnv` values are never returned, so their hashes stay for the names the engine still reports.
   */
  async read(id: string, props: Props) {
    const pool = await orNullIfMissing(this.client(props).standbyPools.get(id));
    if (!pool) return {};
    const inputs = inputsFromPool(pool, props);
    return { id, props: outputsOf(inputs, pool, reportedHashes(props[SECURE_ENV_HASHES], pool.profile.containers)), inputs };
  }
}

/**
 * The field changes of a pool: the profile's containers compared by their spec (outputs carry the
 * engine's, with `secureEnvNames`), and its `secureEnv` values by the hashes the outputs keep of them.
 */
export function poolChanges(olds: Props, news: Props, context: ChangeContext): FieldChange[] {
  const [before, after] = [olds.profile, news.profile];
  const compared = isRecord(before) && isRecord(after) ? comparableSecureEnv(before, after, olds[SECURE_ENV_HASHES]) : { olds: before, news: after };
  return changesBetween(STANDBY_POOL_CHANGES, { comparable: comparablePool }, { ...olds, profile: compared.olds }, { ...news, profile: compared.news }, context);
}

function comparablePool(props: Props): Props {
  return STANDBY_POOL_INPUTS.comparable(isRecord(props.profile) ? { ...props, profile: withSpecContainers(props.profile) } : props);
}

const profileOf = (props: Props): Props => (isRecord(props.profile) ? props.profile : {});

function specOf(inputs: Props): StandbyPoolSpec {
  return STANDBY_POOL_INPUTS.split(inputs).spec as unknown as StandbyPoolSpec;
}

/** Inputs rebuilt from a pool the engine returned, for `read`: its profile's containers reduced to their spec (no `secureEnv`: the engine returns none). */
export function inputsFromPool(pool: StandbyPool, previous: Props): Props {
  return STANDBY_POOL_INPUTS.fromEngine({ ...pool, profile: withSpecContainers(pool.profile) }, previous);
}

/** Outputs: the inputs, with the engine's profile (which names its `secureEnv` variables and holds no value), the values' hashes, and what the engine reports. */
export function outputsOf(inputs: Props, pool: StandbyPool, hashes: SecureEnvHashes): Props {
  return dropUndefined({ ...inputs, profile: pool.profile, [SECURE_ENV_HASHES]: hashes, ...pick(pool, REPORTED_KEYS) });
}
