import { specOf } from "./container-group-inputs";
import { UNKNOWN, containsUnknown } from "./unknowns";

/**
 * What a change of each input means, one table per resource (docs/provider.md shows them):
 * - `replace`: a new resource is created and the old one deleted;
 * - `online`: an online update of the running group (only changed containers restart);
 * - `metadata`: an update that restarts nothing;
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

export type ChangeTable = Readonly<Record<string, ChangeKind>>;
export type ChangeKind = "replace" | "online" | "metadata" | "rotation" | "provider";

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
  return { changes: changed.length > 0, replaces: changed.filter((f) => kind(f) === "replace" || (ended && kind(f) === "online")), deleteBeforeReplace: false };
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
