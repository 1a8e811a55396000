import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { expect } from "chai";
import { EciClient } from "@eci/sdk";
import { loadConfig } from "../../engine/src/config";
import { EngineProvider } from "../../provider/src/engine-provider";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { Api, type Reply, type TestEngine, startTestEngine } from "../helpers/test-engine";
import { caught } from "../helpers/caught";

/** The test helper's client over HTTPS, trusting the test's CA (fetch cannot be given one). */
class HttpsApi extends Api {
  constructor(url: string, key: string, private readonly ca: Buffer) {
    super(url, key);
  }

  override request<T = any>(method: string, path: string, body?: unknown, key = this.key): Promise<Reply<T>> {
    const headers = { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) };
    return new Promise((resolve, reject) => {
      const req = https.request(`${this.url}${path}`, { method, headers, ca: this.ca }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: res.headers["content-type"]?.includes("json") ? JSON.parse(text) : text }));
      });
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }
}

/** A certificate for 127.0.0.1 that is its own CA, made as an operator would make one. */
function makeCertificate(dir: string): { certFile: string; keyFile: string } {
  const certFile = path.join(dir, "engine.crt");
  const keyFile = path.join(dir, "engine.key");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=eci-engine", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyFile, "-out", certFile], { stdio: "pipe" });
  return { certFile, keyFile };
}

/** A provider as Pulumi runs it: configured from stack config, its client made in the hook. */
class ProbeProvider extends EngineProvider {
  listGroups() {
    return this.client({}).containerGroups.list();
  }
}

describe("TLS: HTTPS and WSS with the operator's certificate", function () {
  this.timeout(60_000);
  let dir: string;
  let caFile: string;
  let t: TestEngine;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "eci-tls-"));
    const { certFile, keyFile } = makeCertificate(dir);
    caFile = certFile;
    const { tls } = loadConfig(["--tls-cert", certFile, "--tls-key", keyFile], {});
    t = await startTestEngine({ tls }, undefined, { api: (url, key) => new HttpsApi(url, key, readFileSync(caFile)) });
  });
  after(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the API over HTTPS to the sdk given the CA file", async () => {
    expect(t.api.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    const eci = new EciClient({ endpoint: t.api.url, accessKey: t.api.key, caFile });
    expect(await eci.containerGroups.list()).to.deep.equal({ items: [], total: 0 });
  });

  it("refuses an engine whose certificate it cannot trust, saying how to trust it", async () => {
    const err = await caught(new EciClient({ endpoint: t.api.url, accessKey: t.api.key }).containerGroups.list());
    expect(err).to.include({ code: "network_error", status: 0 });
    expect(err.message).to.equal(
      `GET ${t.api.url}/v1/container-groups failed: self-signed certificate: the engine's certificate is not signed by a CA this client trusts; pass the CA's certificate as caFile (or ECI_CA_FILE)`,
    );
  });

  it("lets the provider reach the engine with the CA file from stack config or ECI_CA_FILE, read when a hook runs", async () => {
    const fromConfig = new ProbeProvider();
    const config: Record<string, string> = { "eci:endpoint": t.api.url, "eci:accessKey": t.api.key, "eci:caFile": caFile };
    await fromConfig.configure({ config: { get: (key) => config[key] } });
    expect((await fromConfig.listGroups()).total).to.equal(0);

    const fromEnv = new ProbeProvider();
    await fromEnv.configure({ config: { get: (key) => (key === "eci:caFile" ? undefined : config[key]) } });
    process.env.ECI_CA_FILE = caFile;
    try {
      expect((await fromEnv.listGroups()).total).to.equal(0);
    } finally {
      delete process.env.ECI_CA_FILE;
    }
  });

  it("opens a terminal over WSS", async () => {
    const eci = new EciClient({ endpoint: t.api.url, accessKey: t.api.key, caFile });
    const group = await eci.containerGroups.create({ name: "tls", containers: [{ name: "app", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] }] });
    await t.api.waitForStatus(group.id, "running");
    const session = await eci.containerGroups.exec(group.id, "app", { command: "echo ok", tty: false });
    const stdout = text(session.stdout);
    expect((await session.exit).exitCode).to.equal(0);
    expect(await stdout).to.equal("ok\n");
  });
});
