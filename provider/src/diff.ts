import { resolveEndpoint } from "@eci/sdk";
import { engineOf } from "./connection";
import { comparableGroup } from "./container-group-inputs";
import { comparableSecureEnv } from "./secure-env-hashes";
import { UNKNOWN, containsUnknown } from "./unknowns";

/**
 * What a change of each input means, one table per resource (docs/provider.md shows them):
 * - `replace`: a new resource is created and the old one deleted;
 * - `online`: an online update of the running group (only changed containers restart);
 * - `metadata`: an update that restarts nothing;
 * - `live`: an update applied at once to what runs (forwarding, firewall rules, a disk's size); nothing restarts;
 * - `rotation`: an update of a credential, used by later pulls (nothing restarts);
 * - `restart`: an update that restarts every container of the group (the engine's Restart), keeping its sandbox and IP;
 * - `refill`: an update of a standby pool in place: the engine deletes the groups it keeps of the old value and starts new ones;
 * - `create`: used only when the resource is created; a later change is recorded in the state, and nothing is sent to the engine;
 * - `connection`: which engine the resource lives on: a new endpoint replaces it (on the other engine), a new key or CA file sends nothing;
 * - `provider`: changes only how the provider acts or waits; nothing is sent to the engine.
 *
 * `adoptId` matters only to create: leaving it out later, or naming the resource's own id, is no change.
 */
export const CONTAINER_GROUP_CHANGES = {
  name: "metadata",
  description: "metadata",
  labels: "metadata",
  hostType: "replace",
  restartPolicy: "online",
  containers: "online",
  shmSizeMB: "online",
  network: "online",
  volumes: "online",
  imageCacheId: "online",
  autoMatchImageCache: "online",
  restartTrigger: "restart",
  waitFor: "provider",
  timeouts: "provider",
  standbyPoolId: "create",
  adoptId: "replace",
  connection: "connection",
} as const;

export const REGISTRY_CREDENTIAL_CHANGES = {
  name: "metadata",
  server: "rotation",
  username: "rotation",
  password: "rotation",
  verify: "provider",
  adoptId: "replace",
  connection: "connection",
} as const;

export const IMAGE_CACHE_CHANGES = {
  name: "metadata",
  description: "metadata",
  images: "replace",
  registryCredentialIds: "replace",
  sizeGB: "replace",
  timeouts: "provider",
  adoptId: "replace",
  connection: "connection",
} as const;

export const EIP_CHANGES = {
  name: "metadata",
  description: "metadata",
  adoptId: "replace",
  connection: "connection",
} as const;

export const VPC_CHANGES = {
  name: "metadata",
  description: "metadata",
  cidr: "replace",
  eipId: "live",
  securityGroupId: "live",
  portForwardings: "live",
  adoptId: "replace",
  connection: "connection",
} as const;

export const VXNET_CHANGES = {
  name: "metadata",
  description: "metadata",
  vpcId: "replace",
  cidr: "replace",
  adoptId: "replace",
  connection: "connection",
} as const;

export const SECURITY_GROUP_CHANGES = {
  name: "metadata",
  description: "metadata",
  rules: "live",
  adoptId: "replace",
  connection: "connection",
} as const;

export const DISK_CHANGES = {
  name: "metadata",
  description: "metadata",
  type: "replace",
  sizeGB: "live",
  adoptId: "replace",
  connection: "connection",
} as const;

/** Every change of a pool is an update in place (`PUT`): nothing makes a new pool but another engine or `adoptId`. */
export const STANDBY_POOL_CHANGES = {
  name: "metadata",
  description: "metadata",
  profile: "refill",
  maxReadyCapacity: "live",
  adoptId: "replace",
  connection: "connection",
} as const;

export type ChangeTable = Readonly<Record<string, ChangeKind>>;
export type ChangeKind = "replace" | "online" | "metadata" | "live" | "rotation" | "restart" | "refill" | "create" | "connection" | "provider";

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** One field that changes: its kind, and whether its new value is known (a preview may not know it yet). */
export interface FieldChange {
  field: string;
  kind: ChangeKind;
  known: boolean;
}

type Props = Record<string, unknown>;

/**
 * The fields of `table` whose value differs between `before` and `after`, both canonical (see
 * `ResourceInputs.comparable`). A value not known yet counts as a change of its field's own kind.
 */
export function fieldChanges(table: ChangeTable, before: Props, after: Props): FieldChange[] {
  return Object.keys(table).flatMap((field) => {
    const known = !containsUnknown(after[field]);
    return !known || stable(before[field]) !== stable(after[field]) ? [{ field, kind: table[field], known }] : [];
  });
}

/**
 * The answer to Pulumi's Diff: a replacement when a replace-kind field changes, deleting the old
 * resource first only when the replacement is certain (a replace-kind field known to differ, not only
 * unknown) and `pinned` says the new resource needs something scarce the old one holds. A resource that
 * may move to another engine holds nothing the new one needs.
 */
export function diffOf(changes: FieldChange[], pinned: () => boolean = () => false): DiffResult {
  const replacing = changes.filter((c) => c.kind === "replace");
  const certain = replacing.some((c) => c.known) && !replacing.some((c) => c.field === "connection");
  return { changes: changes.length > 0, replaces: replacing.map((c) => c.field), deleteBeforeReplace: certain && pinned() };
}

/** What classifying `adoptId` and `connection` takes: the resource's id, and the endpoint of a resource without one of its own. */
export interface ChangeContext {
  id: string;
  defaultEndpoint: string;
}

/**
 * The field changes between old outputs and new inputs, both made comparable by the resource's inputs,
 * with the inputs every resource shares classified by what they mean (see `sharedChanges`).
 */
export function changesBetween(table: ChangeTable, inputs: { comparable(props: Props): Props }, olds: Props, news: Props, context: ChangeContext): FieldChange[] {
  return sharedChanges(fieldChanges(table, inputs.comparable(olds), inputs.comparable(news)), olds, news, context);
}

/**
 * `adoptId` matters only to create: none, or the resource's own id, is no change (it can be dropped
 * once adopted). A new `connection` replaces the resource when it names another engine (its endpoint,
 * or the configured one when it gives none; unknown in a preview counts as another), and is otherwise
 * a change for the provider only: a new key or CA file sends nothing to the engine.
 */
export function sharedChanges(changes: FieldChange[], olds: Props, news: Props, context: ChangeContext): FieldChange[] {
  return changes.flatMap((c): FieldChange[] => {
    if (c.field === "adoptId" && (news.adoptId === undefined || news.adoptId === context.id)) return [];
    if (c.kind !== "connection") return [c];
    const [before, after] = [engineOf(olds, context.defaultEndpoint), engineOf(news, context.defaultEndpoint)];
    return [{ ...c, kind: after === UNKNOWN || after !== before ? "replace" : "provider", known: after !== UNKNOWN }];
  });
}

/** Whether an update of these kinds of change has anything to send to the engine. */
export function sendsToEngine(kinds: Set<ChangeKind>): boolean {
  return [...kinds].some((k) => k !== "provider" && k !== "create");
}

/** The kinds of a set of changes, for `update` to decide what to send. */
export function kindsOf(changes: FieldChange[]): Set<ChangeKind> {
  return new Set(changes.map((c) => c.kind));
}

/** A group's diff; a group that has ended is replaced for an online change. */
export function diffContainerGroup(olds: Props, news: Props, context: ChangeContext = { id: "", defaultEndpoint: resolveEndpoint() }): DiffResult {
  // The engine refuses online updates of a group that has ended: such a change needs a new group.
  const ended = olds.status === "succeeded" || olds.status === "failed";
  const changes = groupChanges(olds, news, context).map((c) => (ended && c.kind === "online" ? { ...c, kind: "replace" as const } : c));
  return diffOf(changes, () => pinnedByGroup(olds, news).length > 0);
}

/**
 * The field changes of a group: containers compared by their spec, since outputs also carry their
 * states, and `secureEnv` values by the hashes that outputs keep of them.
 */
export function groupChanges(olds: Props, news: Props, context: ChangeContext): FieldChange[] {
  const compared = comparableSecureEnv(olds, news);
  return changesBetween(CONTAINER_GROUP_CHANGES, { comparable: comparableGroup }, compared.olds, compared.news, context);
}

/**
 * What a replacement group would need that the old one holds until it is deleted: its fixed private
 * IP, its basic-mode EIP, its disks. With any of them, the old group must go first. Only known values
 * pin: an id not known yet equals none of the old ones.
 */
export function pinnedByGroup(olds: Props, news: Props): string[] {
  type Network = { mode?: string; vxnetId?: string; privateIp?: string; eipId?: string } | undefined;
  const [before, after] = [olds.network as Network, news.network as Network];
  const pinned: string[] = [];
  if (after?.mode === "vpc" && after.privateIp && before?.mode === "vpc" && before.vxnetId === after.vxnetId && [before.privateIp, olds.privateIp].includes(after.privateIp)) {
    pinned.push(`private IP ${after.privateIp}`);
  }
  if (after?.mode === "basic" && after.eipId && before?.mode === "basic" && before.eipId === after.eipId) pinned.push(`EIP ${after.eipId}`);
  const disks = (props: Props) => (Array.isArray(props.volumes) ? (props.volumes as Array<{ disk?: { diskId?: string } }>) : []).map((v) => v?.disk?.diskId).filter((id) => typeof id === "string" && id !== UNKNOWN);
  const held = new Set(disks(olds));
  pinned.push(...disks(news).filter((id) => held.has(id)).map((id) => `disk ${id}`));
  return pinned;
}

/** JSON with object keys sorted, so that key order never reads as a change. */
export function stable(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
    ) ?? "undefined"
  );
}
