import { type ContainerGroupSpecInput, ContainerGroupSpecSchema } from "../../api/contract";

/** What an online update re-creates, as the engine's reconciler decides it (`engine/src/reconcile/group-plan.ts`). */
export interface UpdateEffects {
  /** The containers whose spec changes (or that are new): each is re-created, the others keep running. */
  recreated: string[];
  /** The declared ports change: the sandbox that publishes them is re-created, and every container with it. */
  sandbox: boolean;
}

/**
 * Compares each container's spec before and after, as the schema fills them (the engine hashes the
 * filled spec). `secureEnv` values cannot be compared, since they are never read back: the engine
 * keeps a value typed again unchanged, so it re-creates nothing. Undefined while `after` breaks a rule.
 */
export function updateEffects(before: ContainerGroupSpecInput, after: ContainerGroupSpecInput): UpdateEffects | undefined {
  const [old, next] = [ContainerGroupSpecSchema.safeParse(before), ContainerGroupSpecSchema.safeParse(after)];
  if (!old.success || !next.success) return undefined;
  const specs = new Map(old.data.containers.map((c) => [c.name, canonical({ ...c, secureEnv: undefined })]));
  const recreated = next.data.containers.filter((c) => specs.get(c.name) !== canonical({ ...c, secureEnv: undefined })).map((c) => c.name);
  const ports = (spec: typeof old.data) => canonical(spec.containers.flatMap((c) => c.ports).sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol)));
  return { recreated, sandbox: ports(old.data) !== ports(next.data) };
}

/** JSON with keys sorted and undefined left out: equal for equal values, whatever the order of keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
