import { type AddressInfo, connect, createServer } from "node:net";
import { expect } from "chai";
import { type SecurityGroupRule, SecurityGroupRuleSchema } from "@eci/sdk";
import { silentLogger } from "../logger";
import type { NetworkState } from "./network-state";
import { UserlandDataPath } from "./userland-data-path";

const rule = (r: Partial<SecurityGroupRule> & { priority: number }) => SecurityGroupRuleSchema.parse(r);

/** The first bytes a TCP connection gets, or `closed` when the forwarder turned it away. */
function firstWords(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("data", (d) => (socket.destroy(), resolve(d.toString())));
    socket.on("error", () => resolve("closed"));
    socket.on("close", () => resolve("closed"));
  });
}

/** The port of a server that greets and closes; with `keep` false, a port that was free a moment ago. */
async function listening(keep = true): Promise<number> {
  const server = createServer((s) => s.end("hello"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  if (keep) after(() => server.close());
  else await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("UserlandDataPath", () => {
  const dataPath = new UserlandDataPath(silentLogger);
  after(() => dataPath.close());

  it("forwards an EIP port when every security group of the forwarding accepts the connection", async () => {
    const target = await listening();
    const eipPort = await listening(false);
    const state = (groupRules: SecurityGroupRule[]): NetworkState => ({
      mappings: [{ protocol: "TCP", eip: { address: "127.0.0.1", port: eipPort }, target: { address: "127.0.0.1", port: target }, checks: [{ rules: [rule({ priority: 1, ports: String(eipPort) })], port: eipPort }, { rules: groupRules, port: target }] }],
      vpcs: [],
      egress: [],
    });
    await dataPath.apply(() => state([rule({ priority: 1, sourceCidr: "127.0.0.0/8" })]));
    expect(await firstWords(eipPort)).to.equal("hello");
    await dataPath.apply(() => state([rule({ priority: 1, sourceCidr: "10.0.0.0/8" })]));
    expect(await firstWords(eipPort)).to.equal("closed");
  });
});
