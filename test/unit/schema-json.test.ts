import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { DOCS_DIR, SCHEMA_PATH, renderAll } from "../../scripts/generate-schema";

const ROOT = path.join(__dirname, "../..");
const TOKEN = "pulumi-nodejs:dynamic/eci:ContainerGroup";
const CREDENTIAL = "pulumi-nodejs:dynamic/eci:RegistryCredential";
const CACHE = "pulumi-nodejs:dynamic/eci:ImageCache";

interface ResourceSpec {
  properties: Record<string, { $ref?: string; type?: string; description?: string }>;
  required: string[];
  inputProperties: Record<string, { replaceOnChanges?: boolean; description?: string; secret?: boolean }>;
  requiredInputs: string[];
  replaceOnChanges: string[];
}

/** The committed file, as a user's tooling reads it. */
function committedSchema(): { types: Record<string, { enum?: Array<{ value: string }> }>; resources: Record<string, ResourceSpec> } {
  return JSON.parse(readFileSync(SCHEMA_PATH, "utf8"));
}

/** Mocha truncates diffs of large strings, so the message names the first line that differs. */
function firstDifference(committed: string, generated: string): string {
  const [was, wanted] = [committed.split("\n"), generated.split("\n")];
  let i = 0;
  while (i < Math.max(was.length, wanted.length) && was[i] === wanted[i]) i++;
  return `line ${i + 1} is ${JSON.stringify(was[i] ?? "(end of file)")}, expected ${JSON.stringify(wanted[i] ?? "(end of file)")}`;
}

describe("schema.json", () => {
  it("and the files generated from it (the provider's types, the reference pages) match what scripts/generate-schema.ts generates", () => {
    const stale: string[] = [];
    const files = renderAll();
    for (const [file, generated] of Object.entries(files)) {
      let committed: string;
      try {
        committed = readFileSync(file, "utf8");
      } catch (err) {
        stale.push(`${path.relative(ROOT, file)} cannot be read (${(err as Error).message})`);
        continue;
      }
      if (committed !== generated) stale.push(`${path.relative(ROOT, file)} is stale: ${firstDifference(committed, generated)}`);
    }
    const pages = readdirSync(DOCS_DIR).map((f) => path.join(DOCS_DIR, f));
    for (const extra of pages.filter((f) => !(f in files))) stale.push(`${path.relative(ROOT, extra)} is not generated any more`);
    if (stale.length > 0) expect.fail(`run npm run schema and commit what it writes:\n${stale.join("\n")}`);
  });

  it("requires only containers and replaces the group when hostType or adoptId changes", () => {
    const group = committedSchema().resources[TOKEN];
    expect(group.requiredInputs).to.deep.equal(["containers"]);
    expect(group.replaceOnChanges).to.have.members(["hostType", "adoptId"]);
    expect(group.inputProperties.hostType.replaceOnChanges).to.equal(true);
    expect(group.inputProperties.hostType.description).to.contain("replaces the resource");
    expect(group.inputProperties.labels.description).to.contain("metadata only");
    expect(group.inputProperties.waitFor.description).to.contain("provider setting");
  });

  it("outputs the group's status, health and private IP", () => {
    const schema = committedSchema();
    const group = schema.resources[TOKEN];
    expect(group.properties.status.$ref).to.equal("#/types/eci:index:GroupStatus");
    expect(schema.types["eci:index:GroupStatus"].enum?.map((e) => e.value)).to.include.members(["pending", "running", "failed"]);
    expect(group.properties.healthStatus.$ref).to.equal("#/types/eci:index:HealthStatus");
    expect(group.properties.privateIp.type).to.equal("string");
    expect(group.required).to.include.members(["status", "healthStatus", "containers", "ports"]);
    // Null until the sandbox has joined its network, so it is not always set.
    expect(group.required).not.to.include("privateIp");
  });

  it("marks the credential's password secret and keeps it out of the outputs", () => {
    const credential = committedSchema().resources[CREDENTIAL];
    expect(credential.inputProperties.password.secret).to.equal(true);
    expect(credential.requiredInputs).to.have.members(["server", "username", "password"]);
    expect(credential.properties).to.not.have.property("password");
    expect(credential.properties).to.have.property("passwordHash");
    expect(credential.replaceOnChanges).to.deep.equal(["adoptId"]);
    expect(credential.inputProperties.password.description).to.contain("rotation");
  });

  it("marks a container's secureEnv secret, and outputs only the variables' names and hashes", () => {
    const schema = committedSchema() as unknown as { types: Record<string, { properties: Record<string, { secret?: boolean }> }>; resources: Record<string, ResourceSpec> };
    expect(schema.types["eci:index:Container"].properties.secureEnv.secret).to.equal(true);
    const withStatus = schema.types["eci:index:ContainerWithStatus"].properties;
    expect(withStatus).to.not.have.property("secureEnv");
    expect(withStatus).to.have.property("secureEnvNames");
    expect(schema.resources[TOKEN].properties).to.have.property("secureEnvHashes");
  });

  it("replaces a cache when its images, credentials or size change, and outputs each cached image", () => {
    const cache = committedSchema().resources[CACHE];
    expect(cache.requiredInputs).to.deep.equal(["images"]);
    expect(cache.replaceOnChanges).to.have.members(["images", "registryCredentialIds", "sizeGB", "adoptId"]);
    expect(cache.properties.status.$ref).to.equal("#/types/eci:index:CacheStatus");
    expect(cache.required).to.include.members(["status", "cachedImages", "usedBytes"]);
  });
});
