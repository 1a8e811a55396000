import { UNKNOWN, containsUnknown } from "./unknowns";
import { specOf } from "./inputs";

/**
 * What a change of each ContainerGroup input means, in one table (docs/provider.md shows it):
 * - `replace`: a new group is created and the old one deleted;
 * - `online`: an online update of the running group (only changed containers restart);
 * - `metadata`: an online update that restarts nothing;
 * - `provider`: changes only how the provider waits; nothing is sent to the engine.
 */
export const CONTAINER_GROUP_CHANGES = {
  name: "metadata",
  description: "metadata",
  labels: "metadata",
  hostType: "replace",
  restartPolicy: "online",
  containers: "online",
  shmSizeMB: "online",
  imageCacheId: "online",
  autoMatchImageCache: "online",
  adoptId: "replace",
  waitFor: "provider",
  timeouts: "provider",
} as const;

export type ChangeKind = (typeof CONTAINER_GROUP_CHANGES)[keyof typeof CONTAINER_GROUP_CHANGES];

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** Compares old outputs with new (checked) inputs field by field; an unknown value counts as a change. */
export function diffContainerGroup(olds: Record<string, unknown>, news: Record<string, unknown>): DiffResult {
  const oldSpec = { ...(specOf(olds) as unknown as Record<string, unknown>), ...pickProvider(olds) };
  const changed = (Object.keys(CONTAINER_GROUP_CHANGES) as Array<keyof typeof CONTAINER_GROUP_CHANGES>).filter((field) => {
    const next = field === "containers" && !containsUnknown(news.containers) ? (specOf(news) as unknown as Record<string, unknown>).containers : news[field];
    return next === UNKNOWN || containsUnknown(next) || stable(oldSpec[field]) !== stable(next);
  });
  const replaces: string[] = changed.filter((f) => CONTAINER_GROUP_CHANGES[f] === "replace");
  // The engine refuses online updates of a group that has ended: such a change needs a new group.
  if (olds.status === "succeeded" || olds.status === "failed") replaces.push(...changed.filter((f) => CONTAINER_GROUP_CHANGES[f] === "online"));
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

/** The kinds of change between two sets of inputs, for `update` to decide what to send. */
export function changeKinds(olds: Record<string, unknown>, news: Record<string, unknown>): Set<ChangeKind> {
  const kinds = new Set<ChangeKind>();
  for (const [field, kind] of Object.entries(CONTAINER_GROUP_CHANGES)) {
    const before = field === "containers" ? specOf(olds).containers : olds[field];
    const after = field === "containers" ? specOf(news).containers : news[field];
    if (stable(before) !== stable(after)) kinds.add(kind);
  }
  return kinds;
}

function pickProvider(olds: Record<string, unknown>): Record<string, unknown> {
  return { waitFor: olds.waitFor, timeouts: olds.timeouts, adoptId: olds.adoptId };
}

/** JSON with object keys sorted, so that key order never reads as a change. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  ) ?? "undefined";
}
