import { isRecord } from "./canonical";
import { hashPassword, matchesHash } from "./password-hash";
import { UNKNOWN } from "./unknowns";

type Props = Record<string, unknown>;

/** Container name → `secureEnv` variable → a salted hash of its value (`hashPassword`). */
export type SecureEnvHashes = Record<string, Record<string, string>>;

/** The output that stands in for the `secureEnv` values, which are never outputs. */
export const SECURE_ENV_HASHES = "secureEnvHashes";

/** Stands in for a value that matches no hash: it equals no value a user can send. */
const CHANGED = "(a value that is not the one stored)";

const containersOf = (props: Props): Props[] => (Array.isArray(props.containers) ? props.containers.filter(isRecord) : []);

/**
 * Hashes of the inputs' `secureEnv` values, for outputs, so that `diff` still sees a changed value
 * while the state never holds one. A value that matches its hash in `previous` keeps that hash: an
 * update that does not change it leaves the outputs as they were.
 */
export function secureEnvHashes(inputs: Props, previous?: unknown): SecureEnvHashes {
  const before = isRecord(previous) ? previous : {};
  const hashes: SecureEnvHashes = {};
  for (const c of containersOf(inputs)) {
    if (typeof c.name !== "string" || !isRecord(c.secureEnv)) continue;
    const old = isRecord(before[c.name]) ? (before[c.name] as Props) : {};
    const entries = Object.entries(c.secureEnv).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== UNKNOWN);
    if (entries.length > 0) hashes[c.name] = Object.fromEntries(entries.map(([name, value]) => [name, matchesHash(value, old[name]) ? (old[name] as string) : hashPassword(value)]));
  }
  return hashes;
}

/**
 * The hashes of `previous` for the variables a group the engine returned still has (by the names it
 * reports), for a refresh: a variable removed outside Pulumi is then seen as a change. A value changed
 * outside Pulumi cannot be seen: the engine never returns one.
 */
export function reportedHashes(previous: unknown, containers: ReadonlyArray<{ name: string; secureEnvNames?: string[] }>): SecureEnvHashes {
  const before = isRecord(previous) ? previous : {};
  const hashes: SecureEnvHashes = {};
  for (const c of containers) {
    const old = isRecord(before[c.name]) ? (before[c.name] as Record<string, string>) : {};
    const kept = (c.secureEnvNames ?? []).filter((name) => typeof old[name] === "string");
    if (kept.length > 0) hashes[c.name] = Object.fromEntries(kept.map((name) => [name, old[name]]));
  }
  return hashes;
}

/**
 * Old outputs and new inputs made comparable on `secureEnv`: the old values are rebuilt from the stored
 * hashes (a new value that matches its hash is taken as the old value too; anything else, unknown
 * values included, differs), and an empty `secureEnv` is none, as the engine takes it. Both hold
 * `containers` (a group, or a pool's profile); `stored` is the outputs' hashes.
 */
export function comparableSecureEnv(olds: Props, news: Props, stored: unknown = olds[SECURE_ENV_HASHES]): { olds: Props; news: Props } {
  const hashes = isRecord(stored) ? stored : {};
  const newValues = new Map(containersOf(news).map((c) => [c.name, isRecord(c.secureEnv) ? c.secureEnv : {}]));
  const rebuilt = (c: Props): Props => {
    const { secureEnv: _stored, ...rest } = c;
    const own = isRecord(hashes[c.name as string]) ? (hashes[c.name as string] as Props) : {};
    const given = newValues.get(c.name) ?? {};
    const secureEnv = Object.fromEntries(
      Object.entries(own).map(([name, hash]) => {
        const value = given[name];
        return [name, typeof value === "string" && value !== UNKNOWN && matchesHash(value, hash) ? value : CHANGED];
      }),
    );
    return Object.keys(secureEnv).length > 0 ? { ...rest, secureEnv } : rest;
  };
  const withoutEmpty = (c: Props): Props => {
    if (!isRecord(c.secureEnv) || Object.keys(c.secureEnv).length > 0) return c;
    const { secureEnv: _empty, ...rest } = c;
    return rest;
  };
  const mapContainers = (props: Props, f: (c: Props) => Props): Props =>
    Array.isArray(props.containers) ? { ...props, containers: props.containers.map((c: unknown) => (isRecord(c) ? f(c) : c)) } : props;
  return { olds: mapContainers(olds, rebuilt), news: mapContainers(news, withoutEmpty) };
}
