import { expect } from "chai";
import type { GroupNetwork } from "@eci/sdk";
import { TEST_IMAGES, UDP_ECHO_PORT } from "../../scripts/build-test-images";
import { httpGet, udpEcho } from "../helpers/net-probes";
import { type TestEngine, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

/** What a connection the firewall turns away gets: refused by the kernel's rules, closed by the userland forwarder (the fallback). */
const TURNED_AWAY = ["refused", "closed"];

/** The page a busybox httpd serves on port 80, naming its group. */
const web = (name: string) => ({ name: "web", image: TEST_IMAGES.busybox, command: ["sh", "-c", `mkdir -p /www && echo ${name} > /www/index.html && exec httpd -f -p 80 -h /www`], ports: [{ port: 80 }] });

describe("VPCs, vxnets, EIPs and security groups", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(async () => t?.close());

  const create = async (path: string, body: object) => {
    const reply = await t.api.request("POST", path, body);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body;
  };
  const put = async (path: string, body: object) => {
    const reply = await t.api.request("PUT", path, body);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return reply.body;
  };

  it("composes the quickstart: EIP, security group, VPC with forwarding, vxnet, and a web group reached at the EIP", async () => {
    const eip = await create("/v1/eips", { name: "public" });
    expect(eip.address).to.match(/^127\.100\.\d+\.\d+$/);
    const allowWeb = { priority: 1, protocol: "TCP", ports: "8080", action: "accept" };
    const sg = await create("/v1/security-groups", { name: "web", rules: [allowWeb, { priority: 2, protocol: "UDP", ports: "5353", action: "accept" }] });
    const forwardings = [
      { protocol: "TCP", eipPort: 8080, privateIp: "192.168.10.10", privatePort: 80 },
      { protocol: "UDP", eipPort: 5353, privateIp: "192.168.10.11", privatePort: UDP_ECHO_PORT },
    ];
    const vpcSpec = { name: "main", cidr: "192.168.0.0/16", eipId: eip.id, securityGroupId: sg.id, portForwardings: forwardings };
    const vpc = await create("/v1/vpcs", vpcSpec);
    expect(vpc).to.include({ eipAddress: eip.address, status: "active" });
    const vxnet = await create("/v1/vxnets", { name: "apps", vpcId: vpc.id, cidr: "192.168.10.0/24" });
    const group = await t.api.createGroup({ name: "web", network: { mode: "vpc", vxnetId: vxnet.id, privateIp: "192.168.10.10" }, containers: [web("quickstart")] });
    const echo = await t.api.createGroup({ name: "echo", network: { mode: "vpc", vxnetId: vxnet.id, privateIp: "192.168.10.11" }, containers: [{ name: "echo", image: TEST_IMAGES.udpEcho }] });
    const running = await t.api.waitForStatus(group.id, "running");
    expect(running.privateIp).to.equal("192.168.10.10");
    expect(running.ports).to.deep.equal([]);
    await t.api.waitForStatus(echo.id, "running");

    // TCP and UDP through the EIP.
    expect(await httpGet(eip.address, 8080)).to.equal("quickstart\n");
    expect(await udpEcho(eip.address, 5353, "over udp")).to.equal("over udp");

    // Another group of the VPC, its IP chosen by the engine, reaches the first over the private network.
    const peer = await t.api.createGroup({
      name: "peer",
      restartPolicy: "Never",
      network: { mode: "vpc", vxnetId: vxnet.id },
      containers: [{ name: "get", image: TEST_IMAGES.busybox, command: ["wget", "-q", "-O", "-", "http://192.168.10.10/"] }],
    });
    const done = await t.api.waitForGroup(peer.id, "succeeded", (g) => g.status === "succeeded" || g.status === "failed");
    expect(done.privateIp).to.equal("192.168.10.2");
    expect(await t.api.logs(peer.id, "get")).to.equal("quickstart\n");

    // A firewall rule that drops the port blocks it at once; allowing it again lets it through. The group never restarts.
    await put(`/v1/security-groups/${sg.id}`, { name: "web", rules: [{ ...allowWeb, action: "drop" }] });
    expect(await httpGet(eip.address, 8080)).to.be.oneOf(TURNED_AWAY);
    expect(await udpEcho(eip.address, 5353, "dropped")).to.equal("no answer");
    await put(`/v1/security-groups/${sg.id}`, { name: "web", rules: [allowWeb] });
    expect(await httpGet(eip.address, 8080)).to.equal("quickstart\n");

    // Forwarding rules change online too: a new EIP port (closed by the firewall until a rule allows it), the old one gone.
    await put(`/v1/vpcs/${vpc.id}`, { ...vpcSpec, portForwardings: [{ ...forwardings[0], eipPort: 9090 }] });
    expect(await httpGet(eip.address, 9090)).to.be.oneOf(TURNED_AWAY);
    await put(`/v1/security-groups/${sg.id}`, { name: "web", rules: [{ ...allowWeb, ports: "9090" }] });
    await waitFor("the new port to forward", async () => ((await httpGet(eip.address, 9090)) === "quickstart\n" ? true : undefined));
    expect(await httpGet(eip.address, 8080)).to.equal("refused");
    const after = await t.api.getGroup(group.id);
    expect(after.containers[0].startedAt).to.equal(running.containers[0].startedAt);
    expect(after.containers[0].restartCount).to.equal(0);
  });

  it("moves a group to another IP and then another VPC as online updates that re-create its sandbox", async () => {
    const vpcA = await create("/v1/vpcs", { name: "a", cidr: "10.30.0.0/16" });
    const vpcB = await create("/v1/vpcs", { name: "b", cidr: "10.40.0.0/16" });
    const vxnetA = await create("/v1/vxnets", { name: "a", vpcId: vpcA.id, cidr: "10.30.1.0/24" });
    const vxnetB = await create("/v1/vxnets", { name: "b", vpcId: vpcB.id, cidr: "10.40.1.0/24" });
    const spec = (network: GroupNetwork) => ({ name: "mover", network, containers: [web("mover")] });
    const group = await t.api.createGroup(spec({ mode: "vpc", vxnetId: vxnetA.id, privateIp: "10.30.1.10" }));
    expect((await t.api.waitForStatus(group.id, "running")).privateIp).to.equal("10.30.1.10");

    const fetchFrom = async (vxnetId: string, url: string) => {
      const probe = await t.api.createGroup({ name: "probe", restartPolicy: "Never", network: { mode: "vpc", vxnetId }, containers: [{ name: "get", image: TEST_IMAGES.busybox, command: ["wget", "-q", "-O", "-", url] }] });
      const done = await t.api.waitForGroup(probe.id, "ended", (g) => g.status === "succeeded" || g.status === "failed");
      const output = done.status === "succeeded" ? await t.api.logs(probe.id, "get") : "unreachable";
      await t.api.request("DELETE", `/v1/container-groups/${probe.id}`);
      return output;
    };

    const moves: Array<[GroupNetwork, string]> = [
      [{ mode: "vpc", vxnetId: vxnetA.id, privateIp: "10.30.1.20" }, "10.30.1.20"],
      [{ mode: "vpc", vxnetId: vxnetB.id }, "10.40.1.2"],
    ];
    for (const [network, ip] of moves) {
      const reply = await t.api.request("PUT", `/v1/container-groups/${group.id}`, spec(network));
      expect(reply.status, JSON.stringify(reply.body)).to.equal(202);
      expect(reply.body.status).to.equal("updating");
      const moved = await t.api.waitForGroup(group.id, `running at ${ip}`, (g) => g.status === "running" && g.privateIp === ip);
      expect(moved.containers[0].state).to.equal("running");
    }
    const events = await t.api.events(group.id);
    expect(events.filter((e) => e.reason === "SandboxChanged").map((e) => e.message)).to.deep.equal([
      "Ports, network or shared memory changed; re-creating the sandbox and restarting every container",
      "Ports, network or shared memory changed; re-creating the sandbox and restarting every container",
    ]);
    // Reached in its new VPC; the old one no longer knows it.
    expect(await fetchFrom(vxnetB.id, "http://10.40.1.2/")).to.equal("mover\n");
    expect(await fetchFrom(vxnetA.id, "http://10.30.1.20/")).to.equal("unreachable");
  });

  it("serves a basic-mode group's declared ports on its own EIP, filtered by its security group", async () => {
    const eip = await create("/v1/eips", { name: "own" });
    const sg = await create("/v1/security-groups", { name: "open", rules: [{ priority: 1, ports: "80" }] });
    const group = await t.api.createGroup({ name: "basic", network: { mode: "basic", eipId: eip.id, securityGroupId: sg.id }, containers: [web("basic mode")] });
    const running = await t.api.waitForStatus(group.id, "running");
    expect(running.ports).to.deep.equal([]);
    await waitFor("the EIP to forward", async () => ((await httpGet(eip.address, 80)) === "basic mode\n" ? true : undefined));
    expect((await t.api.request("GET", `/v1/eips/${eip.id}`)).body).to.include({ status: "associated" });
    await put(`/v1/security-groups/${sg.id}`, { name: "open", rules: [{ priority: 1, ports: "81" }] });
    expect(await httpGet(eip.address, 80)).to.be.oneOf(TURNED_AWAY);
  });

  it("refuses what would break the network, naming the field or the holder", async () => {
    const eip = await create("/v1/eips", { name: "held" });
    const vpc = await create("/v1/vpcs", { name: "a", cidr: "10.20.0.0/16", eipId: eip.id });
    const reply = async (method: string, path: string, body?: object) => t.api.request(method, path, body);

    const publicRange = await reply("POST", "/v1/vpcs", { name: "b", cidr: "8.8.0.0/16" });
    expect(publicRange.status).to.equal(422);
    expect(publicRange.body.details[0]).to.include({ path: "cidr", message: "must be a private range (10/8, 172.16/12, 192.168/16) of /16 to /24" });
    const overlap = await reply("POST", "/v1/vpcs", { name: "c", cidr: "10.20.5.0/24" });
    expect(overlap.body.details[0]).to.include({ path: "cidr", rule: "no_overlap", message: `overlaps VPC ${vpc.id} (10.20.0.0/16)` });
    const outside = await reply("POST", "/v1/vxnets", { name: "x", vpcId: vpc.id, cidr: "10.21.0.0/24" });
    expect(outside.body.details[0]).to.include({ path: "cidr", message: "is not inside the VPC's range 10.20.0.0/16" });
    const secondBinding = await reply("POST", "/v1/vpcs", { name: "d", cidr: "10.30.0.0/16", eipId: eip.id });
    expect(secondBinding.status).to.equal(409);
    expect(secondBinding.body.message).to.equal(`EIP ${eip.id} is already bound to vpc ${vpc.id}; an EIP is bound to one thing at a time`);
    expect((await reply("DELETE", `/v1/eips/${eip.id}`)).status).to.equal(409);

    const vxnet = await create("/v1/vxnets", { name: "x", vpcId: vpc.id, cidr: "10.20.1.0/24" });
    expect((await reply("DELETE", `/v1/vpcs/${vpc.id}`)).body).to.include({ code: "in_use" });
    const badIp = await reply("POST", "/v1/container-groups", { name: "g", network: { mode: "vpc", vxnetId: vxnet.id, privateIp: "10.20.1.255" }, containers: [{ name: "a", image: TEST_IMAGES.busybox }] });
    expect(badIp.body.details[0]).to.include({ path: "network.privateIp", rule: "in_range" });
    const first = await t.api.createGroup({ name: "g", network: { mode: "vpc", vxnetId: vxnet.id, privateIp: "10.20.1.7" }, containers: [{ name: "a", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] }] });
    const taken = await reply("POST", "/v1/container-groups", { name: "h", network: { mode: "vpc", vxnetId: vxnet.id, privateIp: "10.20.1.7" }, containers: [{ name: "a", image: TEST_IMAGES.busybox }] });
    expect(taken.status).to.equal(409);
    expect(taken.body.message).to.equal(`Private IP 10.20.1.7 is already used by container group ${first.id}`);
    expect((await reply("DELETE", `/v1/vxnets/${vxnet.id}`)).body).to.include({ code: "in_use" });
    const badRule = await reply("POST", "/v1/security-groups", { name: "s", rules: [{ priority: 1, ports: "90-80" }] });
    expect(badRule.body.details[0]).to.include({ path: "rules[0].ports", message: "must be ports 1–65535, the first no greater than the last" });
    const basic = (await reply("GET", "/v1/vxnets")).body.items[0];
    expect(basic).to.include({ id: "vxnet-0", vpcId: null });
    // There since the account was made, not since 1970: a list shows its age.
    expect(Date.parse(basic.createdAt)).to.be.above(Date.parse("2020-01-01"));
    expect((await reply("DELETE", "/v1/vxnets/vxnet-0")).status).to.equal(409);
  });
});
