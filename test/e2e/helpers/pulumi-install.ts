import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
const FIXTURE = path.join(ROOT, "test/fixtures/pulumi-program");
export const EXAMPLES = path.join(ROOT, "examples");

/** The pinned @pulumi/pulumi, and the last release that declares Node 20. */
export const PULUMI_VERSIONS = [require(path.join(ROOT, "provider/package.json")).devDependencies["@pulumi/pulumi"] as string, "3.248.0"];

/** Whether this SDK's provider server serves a `get` (a Read that carries no state): from 3.268 on, earlier ones fail it. */
export function servesGet(pulumiVersion: string): boolean {
  const [major, minor] = pulumiVersion.split(".").map(Number);
  return major > 3 || (major === 3 && minor >= 268);
}

let packed: { files: string[]; hash: string } | undefined;

/** `npm pack` of the sdk and the provider, as they would be published (built first by `npm test`'s pretest). */
function pack(): { files: string[]; hash: string } {
  if (packed) return packed;
  const dir = mkdtempSync(path.join(os.tmpdir(), "eci-pack-"));
  execFileSync("npm", ["pack", "--workspace", "sdk", "--workspace", "provider", "--pack-destination", dir, "--silent"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const files = readdirSync(dir).filter((f) => f.endsWith(".tgz")).sort().map((f) => path.join(dir, f));
  const hash = createHash("sha256");
  const fixtures = readdirSync(path.dirname(FIXTURE)).map((f) => path.join(path.dirname(FIXTURE), f)).filter((p) => existsSync(path.join(p, "Pulumi.yaml")));
  const programs = [...fixtures, ...readdirSync(EXAMPLES).map((e) => path.join(EXAMPLES, e))];
  const sources = programs.flatMap((p) => readdirSync(p).filter((f) => f !== "node_modules").map((f) => path.join(p, f)));
  for (const f of [...files, ...sources]) hash.update(readFileSync(f));
  packed = { files, hash: hash.digest("hex").slice(0, 12) };
  return packed;
}

/**
 * A copy of a Pulumi program (the fixture by default, or an example) with the packed packages, the
 * given @pulumi/pulumi and the program's other dependencies (such as @pulumi/command) installed by npm,
 * as a user installs them. TypeScript programs are transpiled, as Pulumi's nodejs runtime would.
 * Installs are kept in the system temp directory, keyed by content.
 */
export function installFixture(pulumiVersion: string, program = FIXTURE): string {
  const { files, hash } = pack();
  const dir = path.join(os.tmpdir(), "eci-e2e", `${path.basename(program)}-pulumi-${pulumiVersion}-${hash}`);
  if (existsSync(path.join(dir, ".installed"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(program, dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  for (const runner of ["capture.js", "capture-stack.js"]) cpSync(path.join(FIXTURE, runner), path.join(dir, runner));
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  if (existsSync(path.join(dir, "index.ts"))) {
    const ts = require("typescript") as typeof import("typescript");
    const source = readFileSync(path.join(dir, "index.ts"), "utf8");
    writeFileSync(path.join(dir, "index.js"), ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText);
  }
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...manifest, main: "index.js", dependencies: {} }, null, 2));
  const others = Object.entries((manifest.dependencies ?? {}) as Record<string, string>).filter(([name]) => name !== "@eci/pulumi" && name !== "@pulumi/pulumi");
  const packages = [...files, `@pulumi/pulumi@${pulumiVersion}`, ...others.map(([name, range]) => `${name}@${range}`)];
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...packages], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  writeFileSync(path.join(dir, ".installed"), new Date().toISOString());
  return dir;
}

export interface RegisteredResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/**
 * Runs the installed program under the SDK's mocks, with this stack config (`{"<project>:<key>": value}`;
 * objects are passed as JSON): the resources and inputs the real SDK registers.
 */
export function captureProgram(dir: string, config: Record<string, unknown> = {}): RegisteredResource[] {
  return JSON.parse(runUnderMocks(dir, "capture.js", config)) as RegisteredResource[];
}

/** Runs one of the fixture's mock runners in an installed program with this stack config; its stdout. */
function runUnderMocks(dir: string, runner: string, config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string {
  const values = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  return execFileSync(process.execPath, [runner], { cwd: dir, env: { ...process.env, ...env, PULUMI_CONFIG: JSON.stringify(values) }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

/** A resource the program registered, with the names of the resources it depends on. */
export interface CapturedResource extends RegisteredResource {
  dependsOn: string[];
}

/** What a deployed resource gave back to the program: its id and output properties. */
export interface ResourceState {
  id: string;
  state: Record<string, unknown>;
}

/**
 * Runs the installed program under the SDK's mocks as `captureProgram` does, answering the resources
 * named in `states` with their deployed ids and outputs, as `pulumi up` would: the resources the program
 * registers (with their dependencies) and its exports (the stack outputs). With `preview`, it runs as
 * `pulumi preview` does: outputs no state gives are unknown, and what is made of them too.
 */
export function captureStack(
  dir: string,
  config: Record<string, unknown> = {},
  states: Record<string, ResourceState> = {},
  options: { preview?: boolean } = {},
): { resources: CapturedResource[]; outputs: Record<string, any> } {
  return JSON.parse(runUnderMocks(dir, "capture-stack.js", config, { ECI_E2E_STATE: JSON.stringify(states), ECI_E2E_PREVIEW: options.preview ? "1" : "0" }));
}

/** The inputs the SDK registered for the program's resource of this type (`ContainerGroup`, …). */
export function resourceInputs(resources: RegisteredResource[], type: string): Record<string, any> {
  const found = resources.find((r) => r.type === `pulumi-nodejs:dynamic/eci:${type}`);
  if (!found) throw new Error(`the program registered no ${type}: ${resources.map((r) => r.type).join(", ")}`);
  return found.inputs;
}

/** How the SDK registers a secret: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Props with their secrets unwrapped, as the Pulumi engine sends them to a provider that does not accept secrets. */
export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSecrets) as T;
  if (!value || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (record[SIG_KEY] === SECRET_SIG) return withoutSecrets(record.value) as T;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, withoutSecrets(v)])) as T;
}
