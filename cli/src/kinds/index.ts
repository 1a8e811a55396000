import type { EciClient } from "@eci/sdk";
import { CliError, UsageError } from "../errors";
import { renderTable } from "../output/table";
import { groupKind } from "./group-kind";
import { type Kind, type Named } from "./kind";
import { eipKind, securityGroupKind, vpcKind, vxnetKind } from "./network-kinds";
import { standbyPoolKind } from "./pool-kind";
import { diskKind, imageCacheKind, registryCredentialKind } from "./storage-kinds";

export type { Column, Kind, Named } from "./kind";
export { groupKind, standbyPoolKind };

/** Every kind of SPEC §7, in the order `eci get` lists them. */
export const KINDS: readonly Kind[] = [groupKind, standbyPoolKind, imageCacheKind, registryCredentialKind, diskKind, vpcKind, vxnetKind, eipKind, securityGroupKind];

/** The kind a command line names, by its plural, singular or short name (`groups`, `group`, `cg`); otherwise a usage error listing them. */
export function findKind(name: string, helpOf: string): Kind {
  const wanted = name.toLowerCase();
  const kind = KINDS.find((k) => k.plural === wanted || k.aliases.includes(wanted));
  if (kind) return kind;
  throw new UsageError(`Unknown kind "${name}". Kinds: ${KINDS.map(kindWithShortName).join(", ")}`, helpOf);
}

/** `groups (cg)`: a kind with its short name, when it has one. */
function kindWithShortName(kind: Kind): string {
  return kind.aliases.includes(kind.idPrefix) && kind.idPrefix !== kind.singular ? `${kind.plural} (${kind.idPrefix})` : kind.plural;
}

/** `KIND ID` or kubectl's `KIND/ID` in one word: the kind and the id (or name) if given. */
export function splitReference(kindArg: string, idArg: string | undefined, helpOf: string): { kind: Kind; ref: string | undefined } {
  const slash = kindArg.indexOf("/");
  if (slash < 0) return { kind: findKind(kindArg, helpOf), ref: idArg };
  if (idArg !== undefined) throw new UsageError(`Give either ${kindArg} or a kind and an id, not both`, helpOf);
  return { kind: findKind(kindArg.slice(0, slash), helpOf), ref: kindArg.slice(slash + 1) || undefined };
}

/** True when `ref` is an id of `kind` (`cg-1a2b3c4d`, `vxnet-0`) rather than a name. */
export function isId(kind: Kind, ref: string): boolean {
  return new RegExp(`^${kind.idPrefix}-([a-z0-9]{8}|0)$`).test(ref);
}

/**
 * The id `ref` stands for: itself when it is an id, else the one resource of that kind with that name
 * (as kubectl takes names). No such name, or several resources with it, is an error saying so.
 */
export async function resolveId(eci: EciClient, kind: Kind, ref: string): Promise<string> {
  if (isId(kind, ref)) return ref;
  const matches = (await kind.list(eci, {})).items.filter((r: Named) => r.name === ref);
  if (matches.length === 1) return matches[0].id;
  if (matches.length === 0) throw new CliError(`No ${kind.singular} has the id or name "${ref}" (ids look like ${kind.idPrefix}-1a2b3c4d)`);
  throw new CliError(`${matches.length} ${kind.plural} are named "${ref}": ${matches.map((m) => m.id).join(", ")}; give the id`);
}

/** The table `eci get` prints for these resources. */
export function kindTable(kind: Kind, items: readonly Named[], wide: boolean, now = Date.now()): string {
  const columns = kind.columns.filter((c) => wide || !c.wide);
  return renderTable(
    columns.map((c) => c.header),
    items.map((item) => columns.map((c) => c.cell(item, now))),
  );
}

/** The group a command's ID argument stands for: an id, `group/ID` (as `apply` prints it), or a group's name. */
export async function resolveGroupId(eci: EciClient, arg: string, helpOf: string): Promise<string> {
  const { kind, ref } = arg.includes("/") ? splitReference(arg, undefined, helpOf) : { kind: groupKind, ref: arg };
  if (kind !== groupKind || !ref) throw new UsageError(`${arg} is not a group: give its id (cg-…), group/ID or its name`, helpOf);
  return resolveId(eci, groupKind, ref);
}
