import { stringify } from "yaml";

/** What the API answered, as YAML (a spec printed this way can be edited and applied again). */
export function toYaml(value: unknown): string {
  // No line folding: a long message or a config file's content stays as it was.
  return stringify(value, { lineWidth: 0 });
}
