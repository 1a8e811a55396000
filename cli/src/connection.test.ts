import { expect } from "chai";
import path from "node:path";
import { resolveConnection } from "./connection";
import { CliError, UsageError } from "./errors";

const CONFIG = "/home/me/.config/eci/config";
const noKeyFile = () => undefined;

describe("resolveConnection", () => {
  it("takes each setting from the flags first, then the environment, then the config file", () => {
    const env = { ECI_ENDPOINT: "http://env:1", ECI_ACCESS_KEY: "env-key", ECI_CA_FILE: "env.pem" };
    const config = { endpoint: "http://config:1", accessKey: "config-key", caFile: "config.pem" };
    expect(resolveConnection({ endpoint: "http://flag:1/", accessKey: "flag-key", caFile: "flag.pem" }, env, config, CONFIG, noKeyFile)).to.deep.equal({
      endpoint: "http://flag:1",
      accessKey: "flag-key",
      caFile: "flag.pem",
      keySource: "--access-key",
    });
    expect(resolveConnection({}, env, config, CONFIG, noKeyFile)).to.deep.equal({ endpoint: "http://env:1", accessKey: "env-key", caFile: "env.pem", keySource: "ECI_ACCESS_KEY" });
    expect(resolveConnection({}, {}, config, CONFIG, noKeyFile)).to.deep.equal({ endpoint: "http://config:1", accessKey: "config-key", caFile: "config.pem", keySource: CONFIG });
  });

  it("falls back to the key file of an engine started here and its default endpoint", () => {
    const read: string[] = [];
    const keyFile = (file: string) => (read.push(file), "file-key");
    expect(resolveConnection({}, {}, {}, CONFIG, keyFile)).to.deep.equal({
      endpoint: "http://127.0.0.1:7400",
      accessKey: "file-key",
      caFile: undefined,
      keySource: path.resolve(".eci/access-key"),
    });
    resolveConnection({}, { ECI_DATA_DIR: "/srv/eci" }, {}, CONFIG, keyFile);
    expect(read).to.deep.equal([path.resolve(".eci/access-key"), "/srv/eci/access-key"]);
  });

  it("says where a key may come from when there is none", () => {
    expect(() => resolveConnection({}, {}, {}, CONFIG, noKeyFile))
      .to.throw(CliError)
      .with.property("message")
      .that.matches(/^No access key: pass --access-key, set ECI_ACCESS_KEY, run eci login, or run where the engine's key file is \(.*\.eci\/access-key\)$/);
  });

  it("refuses an endpoint that is not an http(s) URL as a usage error", () => {
    expect(() => resolveConnection({ endpoint: "127.0.0.1:7400", accessKey: "k" }, {}, {}, CONFIG, noKeyFile)).to.throw(UsageError, "The endpoint 127.0.0.1:7400 is not an http:// or https:// URL");
  });
});
