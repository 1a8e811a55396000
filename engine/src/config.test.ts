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
    const config = loadConfig(["--listen", "0.0.0.0:9000", "--data-dir", "state"], { ECI_LISTEN: "127.0.0.1:1", ECI_DATA_DIR: "other" }, "/srv");
    expect(config.listen).to.deep.equal({ host: "0.0.0.0", port: 9000 });
    expect(config.dataDir).to.equal("/srv/state");
  });

  it("reads tuning from the environment", () => {
    const config = loadConfig([], { ECI_RESTART_BACKOFF_BASE_MS: "500", ECI_QUOTA_STANDARD_GROUPS: "3" });
    expect(config.restartBackoffBaseMs).to.equal(500);
    expect(config.quotas.standardGroups).to.equal(3);
  });

  it("names the setting, the rule and the value when one is wrong", () => {
    expect(() => loadConfig(["--listen", "7400"], {})).to.throw("ECI_LISTEN: must be host:port, such as 127.0.0.1:7400 (got \"7400\")");
    expect(() => loadConfig([], { ECI_FAILED_GROUP_TTL_MS: "soon" })).to.throw(/ECI_FAILED_GROUP_TTL_MS/);
    expect(() => loadConfig(["--port", "1"], {})).to.throw(/Unknown option '--port'/);
  });
});
