import { expect } from "chai";
import { type SecurityGroupRule, SecurityGroupRuleSchema } from "@eci/sdk";
import { allows } from "./firewall";

const rule = (r: Partial<SecurityGroupRule> & { priority: number }) => SecurityGroupRuleSchema.parse(r);
const tcp = (port: number, source = "127.0.0.1") => ({ protocol: "TCP" as const, port, source });

describe("firewall rules", () => {
  it("drop what no rule accepts", () => {
    expect(allows([], tcp(80))).to.equal(false);
    expect(allows([rule({ priority: 1, ports: "443" })], tcp(80))).to.equal(false);
  });

  it("let the lowest priority that matches decide", () => {
    const rules = [rule({ priority: 10, ports: "8000-8100" }), rule({ priority: 5, ports: "8080", action: "drop" })];
    expect(allows(rules, tcp(8080))).to.equal(false);
    expect(allows(rules, tcp(8081))).to.equal(true);
  });

  it("match protocol, source block and direction", () => {
    expect(allows([rule({ priority: 1, protocol: "UDP" })], tcp(53))).to.equal(false);
    expect(allows([rule({ priority: 1, protocol: "ALL" })], { protocol: "UDP", port: 53, source: "127.0.0.1" })).to.equal(true);
    expect(allows([rule({ priority: 1, sourceCidr: "10.0.0.0/8" })], tcp(80, "::ffff:127.0.0.1"))).to.equal(false);
    expect(allows([rule({ priority: 1, sourceCidr: "127.0.0.0/8" })], tcp(80, "::ffff:127.0.0.1"))).to.equal(true);
    expect(allows([rule({ priority: 1, direction: "egress" })], tcp(80))).to.equal(false);
  });
});
