import type { DiffResult } from "./diff";
import { stable } from "./diff";

type Props = Record<string, unknown>;

/** The hooks adoption is made of: a resource's own `read` and `diff`. */
export interface AdoptionHooks {
  read(id: string, props: Props): Promise<{ id?: string; props?: Props }>;
  diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
}

/**
 * The existing resource that `declared.adoptId` names, as `read` finds it (its outputs, with the declared
 * inputs of the provider itself), once `diff` shows that the declared inputs can be applied to it as an
 * update. A missing resource, or one that differs in a field that would replace it, is refused with an
 * error naming the id and the fields. The caller then updates it from these outputs to the declared inputs.
 */
export async function adoptable(hooks: AdoptionHooks, noun: string, declared: Props): Promise<{ id: string; olds: Props }> {
  const id = declared.adoptId as string;
  const found = await hooks.read(id, declared);
  if (!found.id || !found.props) throw new Error(`adoptId ${id}: no such ${noun} to adopt`);
  const { replaces } = await hooks.diff(id, found.props, declared);
  if (replaces.length > 0) throw new Error(refusal(id, noun, replaces, found.props, declared));
  return { id, olds: found.props };
}

/** Why adopting would need a replacement: each field's value on the engine and the declared one (when short enough to read), and a final status. */
export function refusal(id: string, noun: string, fields: string[], found: Props, declared: Props): string {
  const show = (value: unknown) => (value === undefined ? "unset" : JSON.stringify(value));
  const reasons = fields
    .filter((f) => stable(found[f]) !== stable(declared[f]))
    .map((f) => {
      const [there, wanted] = [show(found[f]), show(declared[f])];
      return there.length + wanted.length <= 80 ? `${f} is ${there} there, not ${wanted} as declared` : `${f} differs from the declared one`;
    });
  if (found.status === "failed" || found.status === "succeeded") reasons.push(`its status is ${found.status}`);
  return `adoptId ${id}: the ${noun} cannot be adopted without replacing it: ${reasons.join("; ") || `${fields.join(", ")} would change`}`;
}
