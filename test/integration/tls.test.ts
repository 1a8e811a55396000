import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { connect as tlsConnect } from "node:tls";
import { expect } from "chai";
import { EciClient } from "@eci/sdk";
import { loadConfig } from "../../engine/src/config";
import { EngineProvider } from "../../provider/src/engine-provider";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { Api, type Reply, type TestEngine, startTestEngine } from "../helpers/test-engine";
import { caught } from "../helpers/caught";
import { waitFor } from "../helpers/wait-for";

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

/** A CA, as a company has one, and a function that issues a certificate for 127.0.0.1 from it into `certFile` and `keyFile`. */
function makeCa(dir: string): { caFile: string; issue: (certFile: string, keyFile: string) => void } {
  const caFile = path.join(dir, "ca.crt");
  const caKey = path.join(dir, "ca.key");
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe", cwd: dir });
  openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=test-ca", "-keyout", caKey, "-out", caFile);
  writeFileSync(path.join(dir, "san.cnf"), "subjectAltName=IP:127.0.0.1\n");
  let serial = 0;
  return {
    caFile,
    issue: (certFile, keyFile) => {
      serial += 1;
      const csr = path.join(dir, `server-${serial}.csr`);
      openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=eci-engine", "-keyout", `${keyFile}.new`, "-out", csr);
      openssl("x509", "-req", "-in", csr, "-CA", caFile, "-CAkey", caKey, "-set_serial", String(serial), "-days", "1", "-extfile", "san.cnf", "-out", `${certFile}.new`);
      // As a renewal writes them: the key first, then the certificate, each replaced whole.
      renameSync(`${keyFile}.new`, keyFile);
      renameSync(`${certFile}.new`, certFile);
    },
  };
}

/** The SHA-256 fingerprint of the certificate a TLS server at `url` presents to a new connection. */
function servedFingerprint(url: string, ca: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: hostname, port: Number(port), ca }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on("error", reject);
  });
}

/** A provider as Pulumi runs it: configured from stack config, its client made in the hook. */
class ProbeProvider extends EngineProvider {
  listGroups() {
    return this.client({}).containerGroups.list();
  }
}

describe("TLS: a renewed certificate", function () {
  this.timeout(60_000);

  it("is served to new connections without a restart, while files that do not make a pair are refused and the current one kept", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "eci-tls-renew-"));
    const ca = makeCa(dir);
    const certFile = path.join(dir, "engine.crt");
    const keyFile = path.join(dir, "engine.key");
    ca.issue(certFile, keyFile);
    const caPem = readFileSync(ca.caFile);
    const fingerprint = (file: string) => new X509Certificate(readFileSync(file)).fingerprint256;
    const { tls } = loadConfig(["--tls-cert", certFile, "--tls-key", keyFile], {});
    const t = await startTestEngine({ tls }, undefined, { api: (url, key) => new HttpsApi(url, key, caPem) });
    try {
      const first = fingerprint(certFile);
      expect(await servedFingerprint(t.api.url, caPem)).to.equal(first);

      // Half a renewal: a new key beside the old certificate. Asked to reload (SIGHUP), the engine keeps its pair.
      const oldCert = readFileSync(certFile);
      ca.issue(certFile, keyFile);
      const renewed = fingerprint(certFile);
      writeFileSync(certFile, oldCert);
      t.engine.reloadTls();
      expect(await servedFingerprint(t.api.url, caPem)).to.equal(first);

      // The renewal completes: the change of the file is enough.
      ca.issue(certFile, keyFile);
      const second = fingerprint(certFile);
      expect(second).to.not.equal(renewed);
      await waitFor("the renewed certificate to be served", async () => ((await servedFingerprint(t.api.url, caPem)) === second ? true : undefined), { timeoutMs: 15_000 });
      const eci = new EciClient({ endpoint: t.api.url, accessKey: t.api.key, caFile: ca.caFile });
      expect((await eci.containerGroups.list()).total).to.equal(0);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

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
