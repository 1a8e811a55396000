import { expect } from "chai";
import { type IptablesPlan, planIptables } from "./iptables-plan";
import { parseSaved, restoreScript } from "./iptables-script";

const P = "ECI-test1234";
const NOTHING: IptablesPlan = { chains: { nat: new Map(), filter: new Map() }, jumps: [], loopbackTargets: [] };
const plan = planIptables({ mappings: [], vpcs: [{ cidr: "10.1.0.0/16", outbound: false }], egress: [] }, P);

/** What iptables-save prints with Docker's rules, another engine's, and (`ours`) this engine's. */
const saved = (ours: string[]) =>
  [
    "*nat",
    ":OUTPUT ACCEPT [0:0]",
    ":DOCKER - [0:0]",
    ":ECI-other999-DNAT - [0:0]",
    "-A OUTPUT -j ECI-other999-DNAT",
    "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
    "COMMIT",
    "*filter",
    ":INPUT ACCEPT [0:0]",
    ":DOCKER-USER - [0:0]",
    ...ours,
    "-A DOCKER-USER -j RETURN",
    "COMMIT",
  ].join("\n");

describe("iptables restore scripts", () => {
  it("read only this engine's chains and the jumps into them from iptables-save", () => {
    const ours = [`:${P}-EGRESS - [0:0]`, `:${P}-E0 - [0:0]`, `-A INPUT -j ${P}-EGRESS`, `-A ${P}-EGRESS -s 10.1.1.10/32 -j ${P}-E0`];
    expect(parseSaved(saved(ours), P)).to.deep.equal({
      nat: { chains: new Set(), jumps: [] },
      filter: { chains: new Set([`${P}-EGRESS`, `${P}-E0`]), jumps: [`-A INPUT -j ${P}-EGRESS`] },
    });
  });

  it("creates the chains and inserts each jump at the top of its chain on first use", () => {
    expect(restoreScript(plan, parseSaved(saved([]), P))).to.equal(
      [
        "*nat",
        `:${P}-DNAT - [0:0]`,
        `:${P}-SNAT - [0:0]`,
        `-I OUTPUT 1 -j ${P}-DNAT`,
        `-I POSTROUTING 1 -j ${P}-SNAT`,
        "COMMIT",
        "*filter",
        `:${P}-INGRESS - [0:0]`,
        `:${P}-EGRESS - [0:0]`,
        `-A ${P}-INGRESS -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN`,
        `-A ${P}-EGRESS -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN`,
        `-A ${P}-EGRESS -d 127.0.0.0/8 ! -i lo -j DROP`,
        `-A ${P}-EGRESS -s 10.1.0.0/16 ! -d 10.1.0.0/16 -p tcp -j REJECT --reject-with tcp-reset`,
        `-A ${P}-EGRESS -s 10.1.0.0/16 ! -d 10.1.0.0/16 -j REJECT --reject-with icmp-port-unreachable`,
        `-I OUTPUT 1 -j ${P}-INGRESS`,
        `-I DOCKER-USER 1 -j ${P}-EGRESS`,
        `-I INPUT 1 -j ${P}-EGRESS`,
        "COMMIT",
        "",
      ].join("\n"),
    );
  });

  it("refills the chains in place, deletes the ones no longer planned and a duplicated jump, and inserts no jump twice", () => {
    const ours = [`:${P}-INGRESS - [0:0]`, `:${P}-EGRESS - [0:0]`, `:${P}-E0 - [0:0]`, `-A OUTPUT -j ${P}-INGRESS`, `-A INPUT -j ${P}-EGRESS`, `-A INPUT -j ${P}-EGRESS`, `-A DOCKER-USER -j ${P}-EGRESS`];
    const filter = restoreScript(plan, parseSaved(saved(ours), P)).split("*filter\n")[1].split("\n");
    expect(filter.filter((l) => !l.startsWith(`-A ${P}-`))).to.deep.equal([
      `:${P}-INGRESS - [0:0]`,
      `:${P}-EGRESS - [0:0]`,
      `:${P}-E0 - [0:0]`,
      `-D INPUT -j ${P}-EGRESS`,
      `-X ${P}-E0`,
      "COMMIT",
      "",
    ]);
  });

  it("removes every chain and jump of the engine, and only them, when nothing is planned; then there is nothing to do", () => {
    const ours = [`:${P}-EGRESS - [0:0]`, `-A INPUT -j ${P}-EGRESS`];
    expect(restoreScript(NOTHING, parseSaved(saved(ours), P))).to.equal(["*filter", `:${P}-EGRESS - [0:0]`, `-D INPUT -j ${P}-EGRESS`, `-X ${P}-EGRESS`, "COMMIT", ""].join("\n"));
    expect(restoreScript(NOTHING, parseSaved(saved([]), P))).to.equal("");
  });
});
