import { Option } from "commander";
import { toJson } from "./json";
import { toYaml } from "./yaml";

/** `-o`: a table for people (the default; `wide` adds columns), or the API's answer as JSON or YAML for programs. */
export type OutputFormat = "table" | "wide" | "json" | "yaml";

/** The `-o, --output` option, offering `formats` (a usage error names them when another is given). */
export function outputOption(formats: readonly Exclude<OutputFormat, "table">[]): Option {
  return new Option("-o, --output <format>", "print the API's answer as json or yaml instead of a table").choices(formats);
}

/** What to print: the API's answer as it came for `json` and `yaml`, else the table `table` makes. */
export function render(format: OutputFormat | undefined, answer: unknown, table: (wide: boolean) => string): string {
  if (format === "json") return toJson(answer);
  if (format === "yaml") return toYaml(answer);
  return table(format === "wide");
}
