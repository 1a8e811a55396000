import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { accountsCommand } from "../../engine/src/accounts-command";
import { buildApp } from "../../engine/src/app";
import { SqliteStore } from "../../engine/src/store/sqlite-store";
import { TEST_IMAGES, ensureTestImages } from "../../scripts/build-test-images";
import { exited, freePort, startEngineProcess } from "../helpers/engine-process";
import { TestRegistry } from "../helpers/registry";
import { FRAGMENT, filesUnder, marker, occurrences } from "../helpers/secret-search";
import { docker } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";
import { PULUMI_VERSIONS, SECRET_SIG, SIG_KEY, captureProgram, installFixture, resourceInputs } from "../e2e/helpers/pulumi-install";
import { ProviderServer } from "../e2e/helpers/provider-server";
import { Stack } from "../e2e/helpers/stack";

/* eslint-disable @typescript-eslint/no-explicit-any -- answers and props are whatever the engine and the provider return */
type Props = Record<string, any>;

const PROGRAM = path.resolve(__dirname, "../fixtures/secret-program");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A client that keeps the raw text of every answer, as the wire carried it. */
class RecordingClient {
  readonly answers: Array<{ what: string; text: string }> = [];

  constructor(
    readonly url: string,
    readonly key: string,
  ) {}

  /** `body` is sent as JSON, or as is when a string; `record: false` for the one answer that shows a secret by design. */
  async request(method: string, route: string, body?: unknown, options: { record?: boolean } = {}): Promise<{ status: number; body: any; text: string }> {
    const res = await fetch(`${this.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (options.record !== false) this.answers.push({ what: `${method} ${route} (${res.status})`, text });
    return { status: res.status, body: res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text, text };
  }
}

describe("secrets never leak", function () {
  this.timeout(600_000);

  const secrets = {
    registryPassword: marker("registry-password"),
    wrongPassword: marker("wrong-password"),
    dbPassword: marker("db-password"),
    apiToken: marker("api-token"),
    newApiToken: marker("new-api-token"),
    accessKey: "",
    createdKey: "",
  };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-secrets-"));
  const output: string[] = [];
  let proc: ChildProcess | undefined;
  let registry: TestRegistry | undefined;
  let server: ProviderServer | undefined;
  let engineId = "";
  let client: RecordingClient;
  /** Data-dir files read while the engine ran (the WAL not yet checkpointed), then after it stopped. */
  const snapshots: Array<Map<string, Buffer>> = [];
  /** `docker inspect` of each container (its Env left out: the container is meant to have its secrets), volume and network of the engine. */
  const inspected: Array<{ what: string; text: string }> = [];
  /** What the provider returned and what the program registered. */
  const provider: Array<{ what: string; text: string }> = [];
  const env: Record<string, Record<string, string>> = {};
  const started: Record<string, string[]> = {};

  const values = () => Object.entries(secrets).filter(([, v]) => v !== "");

  before(async function () {
    this.timeout(900_000);
    await ensureTestImages(docker);
    registry = await TestRegistry.start("eci", secrets.registryPassword);
    const image = await registry.push(TEST_IMAGES.busybox, "team/secret-app:1");
    const port = await freePort();
    ({ proc } = await startEngineProcess(dataDir, port, { ECI_LOG_LEVEL: "debug" }, { output }));
    const store = new SqliteStore(path.join(dataDir, "engine.db"));
    engineId = store.getSetting("engine_id") as string;
    store.close();

    // A second account, as the operator makes it; its key is a secret, and so is one it makes itself.
    const lines: string[] = [];
    expect(accountsCommand(["create", "leaky", "--data-dir", dataDir], {}, (l) => lines.push(l))).to.equal(0);
    secrets.accessKey = lines[1];
    client = new RecordingClient(`http://127.0.0.1:${port}`, secrets.accessKey);
    const created = await client.request("POST", "/v1/access-keys", { name: "ci" }, { record: false });
    expect(created.status).to.equal(201);
    secrets.createdKey = created.body.secret;
    expect((await new RecordingClient(client.url, secrets.createdKey).request("GET", "/v1/quotas")).status).to.equal(200);

    // Requests that would echo a secret back if errors quoted what they were given.
    const broken = (secureEnv: Record<string, unknown>, extra: Props = {}) => ({ name: "broken", containers: [{ name: "a", image, secureEnv, ...extra }] });
    expect((await client.request("POST", "/v1/container-groups", broken({ DB_PASSWORD: secrets.dbPassword }, { type: "init" }))).status).to.equal(422);
    expect((await client.request("POST", "/v1/container-groups", broken({ DB_PASSWORD: secrets.dbPassword }, { env: { DB_PASSWORD: "x" } }))).status).to.equal(422);
    expect((await client.request("POST", "/v1/container-groups", broken({ DB_PASSWORD: secrets.dbPassword, N: 7 }))).status).to.equal(422);
    const malformed = `{"name":"broken","containers":[{"name":"a","image":"${image}","secureEnv":{"DB_PASSWORD":${JSON.stringify(secrets.dbPassword)}}} oops]}`;
    expect((await client.request("POST", "/v1/container-groups", malformed)).status).to.equal(400);
    // A value left unquoted: JSON.parse's message would quote the characters after the bad token (fastify answers a sentence of its own).
    expect((await client.request("POST", "/v1/container-groups", `{"name":"broken","containers":[{"name":"a","secureEnv":{"DB_PASSWORD":${secrets.dbPassword}}}]}`)).status).to.equal(400);
    const credential = { server: registry.server, username: "eci", password: secrets.registryPassword };
    expect((await client.request("POST", "/v1/registry-credentials", { ...credential, password: secrets.registryPassword.repeat(100) })).status).to.equal(422);
    expect((await client.request("POST", "/v1/registry-credentials", { ...credential, verify: true, password: secrets.wrongPassword })).status).to.equal(422);

    // A credential and a cache made through the API, and a group whose pull fails with a wrong password.
    const rc = (await client.request("POST", "/v1/registry-credentials", { ...credential, name: "api", verify: true })).body;
    const wrong = (await client.request("POST", "/v1/registry-credentials", { ...credential, name: "wrong", password: secrets.wrongPassword })).body;
    const cache = (await client.request("POST", "/v1/image-caches", { name: "cache", images: [image], registryCredentialIds: [rc.id] })).body;
    const failing = (await client.request("POST", "/v1/container-groups", { name: "denied", restartPolicy: "Never", containers: [{ name: "a", image, imagePullPolicy: "Always", registryCredentialId: wrong.id, command: ["sleep", "3600"], secureEnv: { DB_PASSWORD: secrets.dbPassword } }] })).body;
    const [a, b] = randomBytes(2);
    const vpc = (await client.request("POST", "/v1/vpcs", { name: "net", cidr: `10.${230 + (a % 20)}.${b}.0/24` })).body;
    const ids: Record<string, string> = {
      "image-caches": cache.id,
      "registry-credentials": rc.id,
      eips: (await client.request("POST", "/v1/eips", { name: "ip" })).body.id,
      "security-groups": (await client.request("POST", "/v1/security-groups", { name: "fw" })).body.id,
      disks: (await client.request("POST", "/v1/disks", { name: "data", sizeGB: 20 })).body.id,
      vpcs: vpc.id,
      vxnets: (await client.request("POST", "/v1/vxnets", { name: "sub", vpcId: vpc.id, cidr: `10.${230 + (a % 20)}.${b}.0/25` })).body.id,
      // A standby pool whose profile carries a secret: its pooled group runs with it.
      "standby-pools": (await client.request("POST", "/v1/standby-pools", { name: "warm", maxReadyCapacity: 1, profile: { name: "warm", containers: [{ name: "a", image, command: ["sleep", "3600"], secureEnv: { DB_PASSWORD: secrets.dbPassword } }] } })).body.id,
    };
    for (const [kind, id] of Object.entries(ids)) expect(id, kind).to.be.a("string");

    // The group and a credential through the provider, as `pulumi up` makes them, the secrets from the stack config.
    const version = PULUMI_VERSIONS[0];
    const dir = installFixture(version, PROGRAM);
    const config = (apiToken: string) => ({
      "eci-secrets:registry": registry?.server,
      "eci-secrets:username": "eci",
      "eci-secrets:registryPassword": secrets.registryPassword,
      "eci-secrets:image": image,
      "eci-secrets:dbPassword": secrets.dbPassword,
      "eci-secrets:dbPasswordPlain": secrets.dbPassword,
      "eci-secrets:apiToken": apiToken,
      "eci-secrets:dbPasswordSha256": sha256(secrets.dbPassword),
      "eci-secrets:apiTokenSha256": sha256(apiToken),
      "eci-secrets:endpoint": client.url,
      "eci-secrets:connectionKey": secrets.createdKey,
    });
    const program = captureProgram(dir, config(secrets.apiToken));
    for (const r of program) provider.push({ what: `the serialized provider of ${r.name}`, text: String(r.inputs.__provider) });
    const registered = resourceInputs(program, "ContainerGroup");
    // Both values are registered as secrets (the SDK may mark the whole list secret): the one the program made secret, and the plain string the resource made secret.
    expect(secretAt(registered, ["containers", 0, "secureEnv", "DB_PASSWORD"])).to.equal(secrets.dbPassword);
    expect(secretAt(registered, ["containers", 1, "secureEnv", "DB_PASSWORD"])).to.equal(secrets.dbPassword);
    // The connection's key, a plain string in the program, is registered as a secret too: Pulumi keeps the `connection` input and output encrypted.
    expect(secretAt(resourceInputs(program, "SecurityGroup"), ["connection", "accessKey"])).to.equal(secrets.createdKey);
    server = await ProviderServer.start(dir);
    await server.configure({ "eci:endpoint": client.url, "eci:accessKey": secrets.accessKey });
    const stack = new Stack(server, "eci-secrets");
    await stack.up(program);
    const app = stack.get("app");
    // As the state holds them: `connection` (a secret input, and an additionalSecretOutputs of every resource class) is encrypted there.
    const keep = (what: string, props: Props) => provider.push({ what, text: JSON.stringify({ ...props, connection: props.connection && "[secret]" }) });
    for (const r of stack.resources.values()) keep(`the outputs of creating ${r.name}`, r.props);
    const groupId = app.id;

    const containers = async () => {
      const found = await docker.listContainers({ all: true, filters: { label: [`eci.group=${groupId}`] } });
      return Promise.all(found.map((c) => docker.getContainer(c.Id).inspect()));
    };
    const record = async (phase: string) => {
      for (const c of await containers()) {
        const name = c.Config.Labels["eci.container"] || "(sandbox)";
        env[`${phase}/${name}`] = Object.fromEntries(c.Config.Env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
        (started[name] ??= []).push(c.State.StartedAt);
      }
    };
    await record("created");

    // A check that fails names the variable, never its value.
    const overlap = structuredClone(stack.resolve(registered));
    overlap.containers[0].env = { DB_PASSWORD: "plain" };
    const refused = await server.check(app.urn, app.inputs, overlap);
    expect(refused.failures.map((f) => f.property)).to.deep.equal(["containers[0].secureEnv.DB_PASSWORD"]);
    provider.push({ what: "check failures", text: JSON.stringify(refused.failures) });

    // The same secrets again: no change. A new API token: an update that re-creates `app` only.
    const same = await server.check(app.urn, app.inputs, stack.resolve(registered));
    expect(await server.diff(app.id, app.urn, app.props, same.inputs, app.inputs)).to.deep.include({ changes: "none" });
    const rotated = resourceInputs(captureProgram(dir, config(secrets.newApiToken)), "ContainerGroup");
    const { diff, deployed } = await stack.change("app", rotated);
    expect(diff).to.deep.include({ changes: "some", replaces: [] });
    keep("the outputs of updating app", deployed.props);
    expect(deployed.props).to.deep.include({ status: "running", healthStatus: "healthy" });
    await record("updated");

    // A refresh.
    for (const r of stack.resources.values()) {
      const read = await server.read(r.id, r.urn, r.props, r.inputs);
      keep(`the outputs of refreshing ${r.name}`, read.props);
      keep(`the inputs of refreshing ${r.name}`, read.inputs);
      if (r.name === "app") expect(await server.diff(r.id, r.urn, read.props, r.inputs, read.inputs)).to.deep.include({ changes: "none" });
    }

    // Every GET route of the API, for every resource of the account.
    await client.request("GET", `/v1/image-caches/${cache.id}`);
    let settled: Props[] = [];
    await waitFor(
      "the cache to be available and the group that cannot pull to fail",
      async () => {
        settled = await Promise.all([`/v1/image-caches/${cache.id}`, `/v1/container-groups/${failing.id}`].map(async (r) => (await client.request("GET", r, undefined, { record: false })).body));
        return settled[0].status === "available" && settled[1].status === "failed" ? true : undefined;
      },
      { timeoutMs: 60_000, last: () => settled.map((x) => `${x.id}: ${x.status} ${x.statusReason ?? ""}`) },
    );
    const routes = (await apiGetRoutes()).filter((r) => !r.endsWith("/exec"));
    const fetched = new Set<string>();
    for (const route of routes) {
      const kind = route.split("/")[2];
      const groupIds = kind === "container-groups" ? [groupId, failing.id] : [ids[kind]];
      for (const id of route.includes(":id") ? groupIds : [undefined]) {
        for (const name of route.includes(":name") ? ["app", "side", "a"] : [undefined]) {
          const url = route.replace(":id", String(id)).replace(":name", String(name));
          if (/:\w+/.test(url)) expect.fail(`no value for a parameter of ${route}: add one to the test`);
          const answer = await client.request("GET", url);
          if (answer.status === 200) fetched.add(route);
        }
      }
    }
    expect(routes.filter((r) => !fetched.has(r)), "routes that never answered 200").to.deep.equal([]);

    // Docker's view of what the engine made, while it exists.
    const label = [`eci.engine=${engineId}`];
    for (const c of await docker.listContainers({ all: true, filters: { label } })) {
      const info = await docker.getContainer(c.Id).inspect();
      inspected.push({ what: `container ${c.Names[0]}`, text: JSON.stringify({ ...info, Config: { ...info.Config, Env: undefined } }) });
    }
    for (const v of (await docker.listVolumes({ filters: { label } })).Volumes ?? []) inspected.push({ what: `volume ${v.Name}`, text: JSON.stringify(await docker.getVolume(v.Name).inspect()) });
    for (const n of await docker.listNetworks({ filters: { label } })) inspected.push({ what: `network ${n.Name}`, text: JSON.stringify(await docker.getNetwork(n.Id).inspect()) });
    expect(inspected.filter((i) => i.what.startsWith("container")).length).to.be.at.least(3);

    // Everything is deleted again: the provider destroys what it made, the rest goes through the API.
    await stack.destroy();
    for (const [kind, id] of [["container-groups", failing.id], ["image-caches", cache.id], ["vxnets", ids.vxnets], ["vpcs", vpc.id], ...Object.entries(ids).filter(([k]) => ["eips", "security-groups", "disks", "registry-credentials", "standby-pools"].includes(k))]) {
      await waitFor(`${kind}/${id} to be deleted`, async () => {
        const status = (await client.request("DELETE", `/v1/${kind}/${id}`, undefined, { record: false })).status;
        if (status === 404) return true;
        return undefined;
      }, { timeoutMs: 60_000 });
    }
    await client.request("DELETE", `/v1/registry-credentials/${wrong.id}`);

    snapshots.push(filesUnder(dataDir));
    proc?.kill("SIGTERM");
    expect(await exited(proc as ChildProcess)).to.equal(0);
    proc = undefined;
    snapshots.push(filesUnder(dataDir));
  });

  after(async () => {
    server?.stop();
    proc?.kill("SIGKILL");
    if (engineId) {
      const label = [`eci.engine=${engineId}`];
      for (const c of await docker.listContainers({ all: true, filters: { label } })) await docker.getContainer(c.Id).remove({ force: true }).catch(() => {});
      for (const v of (await docker.listVolumes({ filters: { label } })).Volumes ?? []) await docker.getVolume(v.Name).remove().catch(() => {});
      for (const n of await docker.listNetworks({ filters: { label } })) await docker.getNetwork(n.Id).remove().catch(() => {});
    }
    for (const i of await docker.listImages()) for (const tag of i.RepoTags ?? []) if (tag.startsWith("eci-cache/")) await docker.getImage(tag).remove().catch(() => {});
    await registry?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finds a secret written whole, JSON-escaped, base64-encoded or a piece of it (the search itself)", () => {
    const secret = secrets.dbPassword;
    expect(occurrences(secret, `log line ${secret} end`, "text")).to.have.length(1);
    expect(occurrences(secret, JSON.stringify({ value: secret }), "JSON")).to.have.length(1);
    for (const prefix of ["", "a", "ab", "abc"]) {
      const encoded = Buffer.from(`{"auth":"${prefix}${secret}"}`).toString("base64");
      expect(occurrences(secret, `X-Registry-Auth: ${encoded}`, "header"), prefix).to.not.be.empty;
    }
    expect(occurrences(secret, `Unexpected token, ..."${secret.slice(3, 3 + FRAGMENT)}"`, "an excerpt")).to.have.length(1);
    expect(occurrences(secret, `${secret.slice(0, FRAGMENT - 1)} ${secret.slice(FRAGMENT - 1, 2 * FRAGMENT - 2)}`, "pieces too short")).to.deep.equal([]);
    expect(occurrences(secret, "nothing here", "text")).to.deep.equal([]);
  });

  it("gives each container its secureEnv values, re-creating only the container whose value changed", () => {
    expect(env["created/app"]).to.include({ MODE: "production", DB_PASSWORD: secrets.dbPassword, API_TOKEN: secrets.apiToken });
    expect(env["created/side"]).to.include({ DB_PASSWORD: secrets.dbPassword });
    expect(env["updated/app"]).to.include({ DB_PASSWORD: secrets.dbPassword, API_TOKEN: secrets.newApiToken });
    expect(started.app[1]).to.not.equal(started.app[0]);
    expect(started.side[1]).to.equal(started.side[0]);
  });

  it("keeps every secret out of the engine's data directory, the SQLite files and their WAL included", () => {
    const names = snapshots.flatMap((s) => [...s.keys()]);
    expect(names).to.include("engine.db");
    expect(names.some((n) => n.endsWith("-wal")), "a WAL file was searched").to.equal(true);
    const found = snapshots.flatMap((files, i) => [...files].flatMap(([name, bytes]) => values().flatMap(([what, v]) => occurrences(v, bytes, `${what} in ${name} (${i === 0 ? "running" : "stopped"})`))));
    expect(found).to.deep.equal([]);
  });

  it("keeps every secret out of the engine's log", () => {
    const log = output.join("");
    expect(log).to.contain('"level":20');
    expect(values().flatMap(([what, v]) => occurrences(v, log, `${what} in the log`))).to.deep.equal([]);
  });

  it("keeps every secret out of every answer of the API, events and error messages included", () => {
    expect(client.answers.length).to.be.above(30);
    expect(client.answers.some((a) => a.what.includes("/events") && a.text.includes('"reason":"Started"'))).to.equal(true);
    expect(client.answers.filter((a) => a.what.includes(" (422)") || a.what.includes(" (400)")).length).to.be.at.least(5);
    const found = client.answers.flatMap((a) => values().flatMap(([what, v]) => occurrences(v, a.text, `${what} in ${a.what}`)));
    expect(found).to.deep.equal([]);
  });

  it("keeps every secret out of what Docker shows of the engine's containers, volumes and networks, labels included", () => {
    const found = inspected.flatMap((i) => values().flatMap(([what, v]) => occurrences(v, i.text, `${what} in ${i.what}`)));
    expect(found).to.deep.equal([]);
  });

  it("keeps every secret out of the provider's outputs, refreshed inputs, failures and serialized provider", () => {
    expect(provider.filter((p) => p.what.startsWith("the serialized provider")).length).to.equal(3);
    const found = [...provider, { what: "the provider's output", text: server?.output.join("\n") ?? "" }].flatMap((p) => values().flatMap(([what, v]) => occurrences(v, p.text, `${what} in ${p.what}`)));
    expect(found).to.deep.equal([]);
  });
});

/** The value at `path` if it, or something that holds it, is registered as a secret; undefined otherwise. */
function secretAt(value: unknown, path: Array<string | number>, secret = false): unknown {
  if (value && typeof value === "object" && (value as Props)[SIG_KEY] === SECRET_SIG) return secretAt((value as Props).value, path, true);
  if (path.length === 0) return secret ? value : undefined;
  return value && typeof value === "object" ? secretAt((value as Props)[path[0]], path.slice(1), secret) : undefined;
}

/** The API's GET routes, as the engine registers them (`/v1/container-groups/:id`, …). */
async function apiGetRoutes(): Promise<string[]> {
  // Registering routes calls no service: an app without services lists them.
  const app = buildApp({} as Parameters<typeof buildApp>[0]);
  await app.ready();
  const routes = app.apiRoutes.filter((r) => r.method === "GET").map((r) => r.url);
  await app.close();
  return routes;
}
