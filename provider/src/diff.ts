import { specOf } from "./container-group-inputs";
import { UNKNOWN, containsUnknown } from "./unknowns";

/**
 * What a change of each input means, one table per resource (docs/provider.md shows them):
 * - `replace`: a new resource is created and the old one deleted;
 * - `online`: an online update of the running group (only changed containers restart);
 * - `metadata`: an update that restarts nothing;
 * - `live`: an update applied at once to what runs (forwarding, firewall rules, a disk's size); nothing restarts;
 * - `rotation`: an update of a credential, used by later pulls (nothing restarts);
 * - `provider`: changes only how the provider acts or waits; nothing is sent to the engine.
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
  adoptId: "replace",
  waitFor: "provider",
  timeouts: "provider",
} as const;

export const REGISTRY_CREDENTIAL_CHANGES = {
  name: "metadata",
  server: "rotation",
  username: "rotation",
  password: "rotation",
  verify: "provider",
} as const;

export const IMAGE_CACHE_CHANGES = {
  name: "metadata",
  description: "metadata",
  images: "replace",
  registryCredentialIds: "replace",
  sizeGB: "replace",
  timeouts: "provider",
} as const;

export const EIP_CHANGES = {
  name: "metadata",
  description: "metadata",
} as const;

export const VPC_CHANGES = {
  name: "metadata",
  description: "metadata",
  cidr: "replace",
  eipId: "live",
  securityGroupId: "live",
  portForwardings: "live",
} as const;

export const VXNET_CHANGES = {
  name: "metadata",
  description: "metadata",
  vpcId: "replace",
  cidr: "replace",
} as const;

export const SECURITY_GROUP_CHANGES = {
  name: "metadata",
  description: "metadata",
  rules: "live",
} as const;

export const DISK_CHANGES = {
  name: "metadata",
  description: "metadata",
  type: "replace",
  sizeGB: "live",
} as const;

export type ChangeTable = Readonly<Record<string, ChangeKind>>;
export type ChangeKind = "replace" | "online" | "metadata" | "live" | "rotation" | "provider";

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** The fields of `table` whose value differs between `before` and `after`; an unknown value counts as a change. */
export function changedFields(table: ChangeTable, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(table).filter((field) => after[field] === UNKNOWN || containsUnknown(after[field]) || stable(before[field]) !== stable(after[field]));
}

/** Compares old outputs with new (checked) inputs field by field, as the table says. */
export function diffByTable(table: ChangeTable, olds: Record<string, unknown>, news: Record<string, unknown>): DiffResult {
  const changed = changedFields(table, olds, news);
  return { changes: changed.length > 0, replaces: changed.filter((f) => table[f] === "replace"), deleteBeforeReplace: false };
}

/** The kinds of change between two sets of inputs, for `update` to decide what to send. */
export function changeKinds(table: ChangeTable, olds: Record<string, unknown>, news: Record<string, unknown>): Set<ChangeKind> {
  return new Set(changedFields(table, olds, news).map((f) => table[f]));
}

/** A group's diff: containers compared by their spec (outputs also carry their states); a group that has ended is replaced for an online change. */
export function diffContainerGroup(olds: Record<string, unknown>, news: Record<string, unknown>): DiffResult {
  const changed = changedFields(CONTAINER_GROUP_CHANGES, comparableGroup(olds), containsUnknown(news.containers) ? news : comparableGroup(news));
  const kind = (f: string) => CONTAINER_GROUP_CHANGES[f as keyof typeof CONTAINER_GROUP_CHANGES];
  // The engine refuses online updates of a group that has ended: such a change needs a new group.
  const ended = olds.status === "succeeded" || olds.status === "failed";
  const replaces = changed.filter((f) => kind(f) === "replace" || (ended && kind(f) === "online"));
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 && pinnedByGroup(olds, news).length > 0 };
}

/**
 * What a replacement group would need that the old one holds until it is deleted: its fixed private
 * IP, its basic-mode EIP, its disks. With any of them, the old group must go first.
 */
export function pinnedByGroup(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  type Network = { mode?: string; vxnetId?: string; privateIp?: string; eipId?: string } | undefined;
  const [before, after] = [olds.network as Network, news.network as Network];
  const pinned: string[] = [];
  if (after?.mode === "vpc" && after.privateIp && before?.mode === "vpc" && before.vxnetId === after.vxnetId && [before.privateIp, olds.privateIp].includes(after.privateIp)) {
    pinned.push(`private IP ${after.privateIp}`);
  }
  if (after?.mode === "basic" && after.eipId && before?.mode === "basic" && before.eipId === after.eipId) pinned.push(`EIP ${after.eipId}`);
  const disks = (props: Record<string, unknown>) => ((props.volumes ?? []) as Array<{ disk?: { diskId?: string } }>).map((v) => v?.disk?.diskId).filter((id) => typeof id === "string");
  const held = new Set(disks(olds));
  pinned.push(...disks(news).filter((id) => held.has(id)).map((id) => `disk ${id}`));
  return pinned;
}

/** The kinds of change between two sets of a group's inputs. */
export function groupChangeKinds(olds: Record<string, unknown>, news: Record<string, unknown>): Set<ChangeKind> {
  return changeKinds(CONTAINER_GROUP_CHANGES, comparableGroup(olds), comparableGroup(news));
}

function comparableGroup(props: Record<string, unknown>): Record<string, unknown> {
  return { ...props, containers: specOf(props).containers };
}

/** JSON with object keys sorted, so that key order never reads as a change. */
export function stable(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
    ) ?? "undefined"
  );
}
