import { expect } from "chai";
import { interfaceTowards } from "./loopback-routing";

/** /proc/net/route of a host with a default route, docker0 and a VPC's bridge. */
const ROUTES = [
  "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
  "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
  "br-5b7595bffe8f\t0000620A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
  "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
  "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
].join("\n");

describe("interfaceTowards", () => {
  it("finds the interface of the most specific route to an address, never the default route", () => {
    expect(interfaceTowards("10.98.0.10", ROUTES)).to.equal("br-5b7595bffe8f");
    expect(interfaceTowards("172.17.0.3", ROUTES)).to.equal("docker0");
    expect(interfaceTowards("192.0.2.9", ROUTES)).to.equal("eth0");
    expect(interfaceTowards("10.99.0.1", ROUTES)).to.equal(undefined);
  });
});
