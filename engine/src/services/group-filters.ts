import { type ContainerGroup, GroupStatusSchema } from "@eci/sdk";
import { EngineError } from "../errors";

/** A list's query: a status, and labels as `key=value` (one or several). */
export interface GroupFilters {
  status?: unknown;
  label?: unknown;
}

/** Whether a group is of the status and has every label the filters name; 422 for an unknown status or a label not `key=value`. */
export function groupFilter(filters: GroupFilters): (g: ContainerGroup) => boolean {
  const status = filters.status === undefined ? undefined : GroupStatusSchema.safeParse(filters.status);
  if (status && !status.success) {
    throw EngineError.validation([{ path: "status", rule: `one_of:${GroupStatusSchema.options.join("|")}`, value: filters.status, message: "unknown status" }]);
  }
  const labels = parseLabelFilters(filters.label);
  return (g) => (!status || g.status === status.data) && labels.every(([k, v]) => g.labels[k] === v);
}

function parseLabelFilters(raw: unknown): Array<[string, string]> {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.map((value) => {
    const text = String(value);
    const eq = text.indexOf("=");
    if (eq <= 0) throw EngineError.validation([{ path: "label", rule: "format:key=value", value: text, message: "must be key=value" }]);
    return [text.slice(0, eq), text.slice(eq + 1)];
  });
}
