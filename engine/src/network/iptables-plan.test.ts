import { expect } from "chai";
import { type SecurityGroupRule, SecurityGroupRuleSchema } from "@eci/sdk";
import type { NetworkState, PortMapping } from "./network-state";
import { chainPrefix, planIptables } from "./iptables-plan";

const P = "ECI-test1234";
const rule = (r: Partial<SecurityGroupRule> & { priority: number }) => SecurityGroupRuleSchema.parse(r);
const state = (s: Partial<NetworkState>): NetworkState => ({ mappings: [], vpcs: [], egress: [], ...s });
const web: PortMapping = { protocol: "TCP", eip: { address: "127.100.0.7", port: 8080 }, target: { address: "10.1.1.10", port: 80 }, checks: [] };
const filterOf = (s: NetworkState) => Object.fromEntries(planIptables(s, P).chains.filter);

describe("planIptables", () => {
  it("names one engine's chains after its id", () => {
    expect(chainPrefix("eng-ab12cd34")).to.equal("ECI-ab12cd34");
  });

  it("plans no chain and no jump when there is nothing to carry", () => {
    const plan = planIptables(state({ vpcs: [{ cidr: "10.1.0.0/16", outbound: true }] }), P);
    expect([...plan.chains.nat, ...plan.chains.filter]).to.deep.equal([]);
    expect(plan.jumps).to.deep.equal([]);
  });

  it("DNATs an EIP port to its target and masquerades the host's loopback source towards it", () => {
    const plan = planIptables(state({ mappings: [web, { ...web, protocol: "UDP", eip: { address: "127.100.0.7", port: 53 }, target: { address: "10.1.1.11", port: 5353 } }] }), P);
    expect(Object.fromEntries(plan.chains.nat)).to.deep.equal({
      [`${P}-DNAT`]: [
        "-d 127.100.0.7/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.1.1.10:80",
        "-d 127.100.0.7/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.1.1.11:5353",
      ],
      [`${P}-SNAT`]: [
        "-s 127.0.0.0/8 -d 10.1.1.10/32 -p tcp -m tcp --dport 80 -m conntrack --ctstate DNAT -j MASQUERADE",
        "-s 127.0.0.0/8 -d 10.1.1.11/32 -p udp -m udp --dport 5353 -m conntrack --ctstate DNAT -j MASQUERADE",
      ],
    });
    expect(plan.loopbackTargets).to.deep.equal(["10.1.1.10", "10.1.1.11"]);
    expect(plan.jumps.map((j) => `${j.table} ${j.from} → ${j.to}`)).to.deep.equal([
      `nat OUTPUT → ${P}-DNAT`,
      `nat POSTROUTING → ${P}-SNAT`,
      `filter OUTPUT → ${P}-INGRESS`,
      `filter DOCKER-USER → ${P}-EGRESS`,
      `filter INPUT → ${P}-EGRESS`,
    ]);
  });

  it("lets established flows through first, then asks each security group of a forwarding in turn", () => {
    const vpcRules = [rule({ priority: 5, ports: "8080", sourceCidr: "10.9.0.0/16", action: "drop" }), rule({ priority: 1, ports: "8000-8100", sourceCidr: "127.0.0.0/8" })];
    const groupRules = [rule({ priority: 1, protocol: "UDP" }), rule({ priority: 2, ports: "80" }), rule({ priority: 3, ports: "80", sourceCidr: "127.0.0.0/8" })];
    const filter = filterOf(state({ mappings: [{ ...web, checks: [{ rules: vpcRules, port: 8080 }, { rules: groupRules, port: 80 }] }] }));
    const original = "-p tcp -m conntrack --ctstate DNAT --ctorigdst 127.100.0.7/32 --ctorigdstport 8080";
    expect(filter[`${P}-INGRESS`]).to.deep.equal(["-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN", `${original} -j ${P}-I0`, `${original} -j ${P}-I1`]);
    // By priority; nothing matching is refused.
    expect(filter[`${P}-I0`]).to.deep.equal(["-s 127.0.0.0/8 -j RETURN", "-s 10.9.0.0/16 -p tcp -j REJECT --reject-with tcp-reset", "-p tcp -j REJECT --reject-with tcp-reset"]);
    // Only rules for TCP port 80 count, and none after one that matches every source.
    expect(filter[`${P}-I1`]).to.deep.equal(["-j RETURN"]);
  });

  it("refuses UDP with an ICMP port unreachable, and everything when a security group has no rule for the port", () => {
    const filter = filterOf(state({ mappings: [{ ...web, protocol: "UDP", checks: [{ rules: [rule({ priority: 1, ports: "81", protocol: "ALL" })], port: 8080 }] }] }));
    expect(filter[`${P}-I0`]).to.deep.equal(["-j REJECT --reject-with icmp-port-unreachable"]);
  });

  it("keeps a VPC without an EIP inside its range, and guards the host's loopback from the bridges", () => {
    const filter = filterOf(state({ vpcs: [{ cidr: "10.1.0.0/16", outbound: false }, { cidr: "10.2.0.0/16", outbound: true }] }));
    expect(filter[`${P}-EGRESS`]).to.deep.equal([
      "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
      "-d 127.0.0.0/8 ! -i lo -j DROP",
      "-s 10.1.0.0/16 ! -d 10.1.0.0/16 -p tcp -j REJECT --reject-with tcp-reset",
      "-s 10.1.0.0/16 ! -d 10.1.0.0/16 -j REJECT --reject-with icmp-port-unreachable",
    ]);
  });

  it("asks a group's egress rules in order for what it sends, refusing what none accepts", () => {
    const rules = [
      rule({ priority: 1, direction: "egress", sourceCidr: "10.1.1.20/32", ports: "5432", action: "drop" }),
      rule({ priority: 2, direction: "egress", protocol: "ALL", ports: "53" }),
      rule({ priority: 3, direction: "egress", protocol: "ICMP", ports: "1" }),
      rule({ priority: 4, direction: "egress", protocol: "ALL", sourceCidr: "10.1.0.0/16" }),
    ];
    const filter = filterOf(state({ egress: [{ address: "10.1.1.10", rules }] }));
    expect(filter[`${P}-EGRESS`].slice(2)).to.deep.equal([`-s 10.1.1.10/32 -j ${P}-E0`]);
    expect(filter[`${P}-E0`]).to.deep.equal([
      "-d 10.1.1.20/32 -p tcp -m tcp --dport 5432 -j REJECT --reject-with tcp-reset",
      "-p tcp -m tcp --dport 53 -j RETURN",
      "-p udp -m udp --dport 53 -j RETURN",
      "-p icmp -j RETURN",
      "-d 10.1.0.0/16 -j RETURN",
      "-p tcp -j REJECT --reject-with tcp-reset",
      "-j REJECT --reject-with icmp-port-unreachable",
    ]);
  });
});
