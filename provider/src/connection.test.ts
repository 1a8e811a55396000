import { expect } from "chai";
import { clientOptionsOf, engineOf } from "./connection";
import { UNKNOWN } from "./unknowns";

describe("connection", () => {
  const configured = { endpoint: "http://127.0.0.1:7400", accessKey: "stack-key", caFile: "/etc/eci/ca.crt" };

  it("reaches the configured engine when a resource has no connection", () => {
    expect(clientOptionsOf({ name: "web" }, configured)).to.deep.equal(configured);
  });

  it("takes each field the connection gives, and the configured one for the others", () => {
    expect(clientOptionsOf({ connection: { endpoint: "https://eci-2.example.com:7400", accessKey: "other-key" } }, configured)).to.deep.equal({
      endpoint: "https://eci-2.example.com:7400",
      accessKey: "other-key",
      caFile: "/etc/eci/ca.crt",
    });
    expect(clientOptionsOf({ connection: { accessKey: "another-account" } }, configured)).to.deep.equal({ ...configured, accessKey: "another-account" });
  });

  it("tells the engine a resource lives on: its endpoint without a trailing slash, the default without one, unknown in a preview", () => {
    expect(engineOf({ connection: { endpoint: "http://10.0.0.5:7400/" } }, "http://127.0.0.1:7400")).to.equal("http://10.0.0.5:7400");
    expect(engineOf({ connection: { accessKey: "k" } }, "http://127.0.0.1:7400")).to.equal("http://127.0.0.1:7400");
    expect(engineOf({}, "http://127.0.0.1:7400")).to.equal("http://127.0.0.1:7400");
    expect(engineOf({ connection: { endpoint: UNKNOWN } }, "http://127.0.0.1:7400")).to.equal(UNKNOWN);
    expect(engineOf({ connection: UNKNOWN }, "http://127.0.0.1:7400")).to.equal(UNKNOWN);
  });
});
