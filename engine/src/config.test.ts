import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { DEFAULT_CONFIG, loadConfig } from "./config";

describe("loadConfig", () => {
  it("uses the defaults of SPEC §7", () => {
    const config = loadConfig([], {}, "/srv");
    expect(config.listen).to.deep.equal({ host: "127.0.0.1", port: 7400 });
    expect(config.dataDir).to.equal("/srv/.eci");
    expect(config.imagePullTimeoutMs).to.equal(30 * 60_000);
    expect(config.quotas).to.deep.equal(DEFAULT_CONFIG.quotas);
  });

  it("lets flags win over the environment", () => {
    const config = loadConfig(["--listen", "0.0.0.0:9000", "--data-dir", "state", "--insecure"], { ECI_LISTEN: "127.0.0.1:1", ECI_DATA_DIR: "other" }, "/srv");
    expect(config.listen).to.deep.equal({ host: "0.0.0.0", port: 9000 });
    expect(config.dataDir).to.equal("/srv/state");
  });

  it("reads tuning from the environment", () => {
    const config = loadConfig([], { ECI_RESTART_BACKOFF_BASE_MS: "500", ECI_QUOTA_STANDARD_GROUPS: "3" });
    expect(config.restartBackoffBaseMs).to.equal(500);
    expect(config.quotas.standardGroups).to.equal(3);
  });

  it("samples metrics every 10 s unless ECI_METRICS_INTERVAL_MS says otherwise, 0 turning sampling off", () => {
    expect(loadConfig([], {}).metricsIntervalMs).to.equal(10_000);
    expect(loadConfig([], { ECI_METRICS_INTERVAL_MS: "0" }).metricsIntervalMs).to.equal(0);
    expect(() => loadConfig([], { ECI_METRICS_INTERVAL_MS: "50" })).to.throw(/ECI_METRICS_INTERVAL_MS: must be 0 \(off\) or at least 100/);
  });

  it("writes its log pretty on a terminal and JSON otherwise unless --log-format says which", () => {
    expect(loadConfig([], {}).logFormat).to.equal("auto");
    expect(loadConfig(["--log-format", "json"], { ECI_LOG_FORMAT: "pretty" }).logFormat).to.equal("json");
    expect(() => loadConfig(["--log-format", "text"], {})).to.throw('ECI_LOG_FORMAT: Invalid option: expected one of "auto"|"pretty"|"json" (got "text")');
  });

  it("serves the console from --console-dir (ECI_CONSOLE_DIR), or from the @eci/console package when neither is given", () => {
    expect(loadConfig([], {}, "/srv").consoleDir).to.equal(undefined);
    expect(loadConfig([], { ECI_CONSOLE_DIR: "ui" }, "/srv").consoleDir).to.equal("/srv/ui");
    expect(loadConfig(["--console-dir", "/opt/console"], { ECI_CONSOLE_DIR: "ui" }, "/srv").consoleDir).to.equal("/opt/console");
  });

  it("names the setting, the rule and the value when one is wrong", () => {
    expect(() => loadConfig(["--listen", "7400"], {})).to.throw("ECI_LISTEN: must be host:port, such as 127.0.0.1:7400 (got \"7400\")");
    expect(() => loadConfig([], { ECI_FAILED_GROUP_TTL_MS: "soon" })).to.throw(/ECI_FAILED_GROUP_TTL_MS/);
    expect(() => loadConfig(["--port", "1"], {})).to.throw(/Unknown option '--port'/);
  });

  it("limits each access key to 20 requests a second in bursts of 100 unless told otherwise", () => {
    expect(loadConfig([], {}).rateLimit).to.deep.equal({ requestsPerSecond: 20, burst: 100 });
    expect(loadConfig([], { ECI_RATE_LIMIT_RPS: "2.5", ECI_RATE_LIMIT_BURST: "5" }).rateLimit).to.deep.equal({ requestsPerSecond: 2.5, burst: 5 });
    expect(() => loadConfig([], { ECI_RATE_LIMIT_RPS: "0" })).to.throw(/ECI_RATE_LIMIT_RPS/);
  });

  it("refuses plain HTTP on a non-loopback address unless --insecure is given", () => {
    for (const listen of ["0.0.0.0:7400", "192.168.1.5:7400", "[::]:7400", "eci.example.com:7400"]) {
      expect(() => loadConfig(["--listen", listen], {}), listen).to.throw(/ECI_LISTEN: .* is not a loopback address.*--tls-cert and --tls-key.*--insecure/);
    }
    expect(loadConfig(["--listen", "0.0.0.0:7400", "--insecure"], {}).tls).to.equal(undefined);
    expect(loadConfig([], { ECI_LISTEN: "0.0.0.0:7400", ECI_INSECURE: "true" }).listen.host).to.equal("0.0.0.0");
    for (const listen of ["127.0.0.1:7400", "127.9.9.9:1", "[::1]:7400", "localhost:7400"]) expect(loadConfig(["--listen", listen], {}).tls, listen).to.equal(undefined);
  });

  it("wants the TLS certificate and key together, readable, and a pair", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "eci-config-"));
    try {
      writeFileSync(path.join(dir, "not.pem"), "not a certificate\n");
      expect(() => loadConfig(["--tls-cert", "cert.pem"], {}, dir)).to.throw("Invalid configuration: ECI_TLS_KEY: required with ECI_TLS_CERT (give --tls-cert and --tls-key together, or neither)");
      expect(() => loadConfig([], { ECI_TLS_KEY: "key.pem" }, dir)).to.throw(/ECI_TLS_CERT: required with ECI_TLS_KEY/);
      expect(() => loadConfig(["--tls-cert", "missing.pem", "--tls-key", "not.pem"], {}, dir)).to.throw(`Invalid configuration: ECI_TLS_CERT: cannot read ${dir}/missing.pem: ENOENT`);
      expect(() => loadConfig(["--tls-cert", "not.pem", "--tls-key", "not.pem"], {}, dir)).to.throw(/^Invalid configuration: ECI_TLS_CERT, ECI_TLS_KEY: not a PEM certificate and its private key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
