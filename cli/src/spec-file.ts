import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { type ContainerGroupSpec, ContainerGroupSpecSchema, validate } from "@eci/sdk";
import { CliError } from "./errors";
import { issueLines } from "./output/error-report";

/** A container-group spec read from a file: what it says, and the same with the defaults filled and every rule checked. */
export interface SpecFile {
  input: unknown;
  spec: ContainerGroupSpec;
}

/**
 * Reads a YAML or JSON file (`-` for stdin) and checks it with the contract's schema before anything is
 * sent, so a mistake is reported with its field path (`containers[0].cpu`) and no request is made.
 */
export function readSpecFile(file: string, readStdin: () => string = () => readFileSync(0, "utf8")): SpecFile {
  const name = file === "-" ? "stdin" : file;
  let text: string;
  try {
    text = file === "-" ? readStdin() : readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(`Cannot read ${name}: ${(err as Error).message}`);
  }
  let input: unknown;
  try {
    input = parse(text);
  } catch (err) {
    throw new CliError(`${name} is neither YAML nor JSON: ${(err as Error).message.split("\n")[0].replace(/:$/, "")}`);
  }
  if (input === null || input === undefined) throw new CliError(`${name} is empty: it should hold a container group spec`);
  const parsed = validate(ContainerGroupSpecSchema, input);
  if (!parsed.ok) throw new CliError(`${name} is not a valid container group spec:`, issueLines(parsed.issues));
  return { input, spec: parsed.value };
}
