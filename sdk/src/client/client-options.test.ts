import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { resolveClientOptions } from "./client-options";

describe("resolveClientOptions", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "eci-client-"));
    writeFileSync(path.join(dir, "env-ca.pem"), "env CA");
    writeFileSync(path.join(dir, "option-ca.pem"), "option CA");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the CA from caFile, else from ECI_CA_FILE, when the client is made", () => {
    const env = { ECI_ACCESS_KEY: "k", ECI_CA_FILE: path.join(dir, "env-ca.pem") };
    expect(String(resolveClientOptions({}, env).ca)).to.equal("env CA");
    expect(String(resolveClientOptions({ caFile: path.join(dir, "option-ca.pem") }, env).ca)).to.equal("option CA");
    expect(resolveClientOptions({ ca: "inline CA" }, env).ca).to.equal("inline CA");
    expect(resolveClientOptions({}, { ECI_ACCESS_KEY: "k" }).ca).to.equal(undefined);
  });

  it("names the CA file it cannot read", () => {
    const missing = path.join(dir, "missing.pem");
    expect(() => resolveClientOptions({}, { ECI_ACCESS_KEY: "k", ECI_CA_FILE: missing })).to.throw(`Cannot read the CA certificate ${missing} (caFile or ECI_CA_FILE): ENOENT`);
  });

  it("retries five times unless told otherwise", () => {
    expect(resolveClientOptions({}, { ECI_ACCESS_KEY: "k" }).maxRetries).to.equal(5);
    expect(resolveClientOptions({ maxRetries: 0 }, { ECI_ACCESS_KEY: "k" }).maxRetries).to.equal(0);
  });
});
