import { expect } from "chai";
import { cidrContains, cidrOverlaps, cidrWithin, numberToIp, parseCidr } from "./cidr";

describe("CIDR blocks", () => {
  it("parse a block and refuse host bits, bad prefixes and bad addresses", () => {
    expect(parseCidr("192.168.1.0/24")).to.deep.equal({ base: 3232235776, prefix: 24, size: 256 });
    for (const bad of ["192.168.1.1/24", "192.168.1.0/33", "192.168.1.0", "300.1.1.0/24", "10.0.0.0/8/1", "10.0.0.0/x"]) expect(parseCidr(bad), bad).to.equal(undefined);
  });

  it("tell containment and overlap", () => {
    const vpc = parseCidr("10.1.0.0/16")!;
    expect(cidrWithin(parseCidr("10.1.2.0/24")!, vpc)).to.equal(true);
    expect(cidrWithin(parseCidr("10.2.0.0/24")!, vpc)).to.equal(false);
    expect(cidrOverlaps(parseCidr("10.1.2.0/23")!, parseCidr("10.1.3.0/24")!)).to.equal(true);
    expect(cidrOverlaps(parseCidr("10.1.2.0/24")!, parseCidr("10.1.3.0/24")!)).to.equal(false);
    expect(cidrContains(vpc, "10.1.255.255")).to.equal(true);
    expect(numberToIp(vpc.base + vpc.size - 1)).to.equal("10.1.255.255");
  });
});
