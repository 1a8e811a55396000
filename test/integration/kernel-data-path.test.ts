import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { type Socket, connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import type Docker from "dockerode";
import { TEST_IMAGES, ensureTestImages } from "../../scripts/build-test-images";
import { iptablesUnavailable } from "../../engine/src/network/iptables-data-path";
import { chainPrefix } from "../../engine/src/network/iptables-plan";
import { exited, freePort, startEngineProcess } from "../helpers/engine-process";
import { httpGet } from "../helpers/net-probes";
import { removeEngineLeftovers } from "../helpers/fault-injection";
import { type Api, type TestEngine, deleteAllGroups, docker, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

/** A busybox httpd on port 80 serving a page with `text`. */
const web = (text: string) => ({ name: "web", image: TEST_IMAGES.busybox, command: ["sh", "-c", `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p 80 -h /www`] });
/** A container that tries `url` every 0.3 s, for ever, and prints `reached` or `blocked` each time. */
const prober = (url: string) => ({
  name: "probe",
  image: TEST_IMAGES.busybox,
  command: ["sh", "-c", `while :; do if timeout 2 wget -q -O /dev/null ${url}; then echo reached; else echo blocked; fi; sleep 0.3; done`],
});

async function created(api: Api, route: string, body: object): Promise<any> {
  const reply = await api.request("POST", route, body);
  expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
  return reply.body;
}

async function replaced(api: Api, route: string, body: object): Promise<void> {
  const reply = await api.request("PUT", route, body);
  expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
}

/** Waits until the probe group's latest attempt says `outcome`. */
async function probeSays(api: Api, groupId: string, outcome: "reached" | "blocked"): Promise<void> {
  let last = "";
  await waitFor(`the probe to say ${outcome}`, async () => {
    last = (await api.logs(groupId, "probe")).trim().split("\n").pop() ?? "";
    return last === outcome ? true : undefined;
  }, { last: () => last });
}

/** A TCP connection kept open: each `say` sends a line and resolves to what comes back. */
async function openLine(host: string, port: number): Promise<{ say(line: string): Promise<string>; socket: Socket }> {
  const socket = connect(port, host);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  return {
    socket,
    say: (line) =>
      new Promise((resolve) => {
        socket.once("data", (d) => resolve(d.toString()));
        socket.write(`${line}\n`);
      }),
  };
}

describe("the kernel data path", function () {
  before(function () {
    // The fallback (not root) is the userland forwarder, which none of this is about.
    if (iptablesUnavailable() !== undefined) this.skip();
  });

  describe("while the engine process is stopped", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-kernel-"));
    let proc: ChildProcess | undefined;
    let engineId: string | undefined;
    after(async () => {
      proc?.kill("SIGKILL");
      await removeEngineLeftovers(engineId, dataDir);
    });

    it("answers through the EIP while the engine is stopped and after it starts again, and stops once the resources are deleted", async () => {
      await ensureTestImages(docker);
      const port = await freePort();
      const env = { ECI_EIP_POOL: "127.101.1.0/24" };
      let engine = await startEngineProcess(dataDir, port, env);
      proc = engine.proc;
      const { api } = engine;
      const eip = await created(api, "/v1/eips", { name: "public" });
      const sg = await created(api, "/v1/security-groups", { name: "web", rules: [{ priority: 1, ports: "8080" }] });
      const vpcSpec = { name: "main", cidr: "10.150.0.0/16", eipId: eip.id, securityGroupId: sg.id, portForwardings: [{ protocol: "TCP", eipPort: 8080, privateIp: "10.150.1.10", privatePort: 80 }] };
      const vpc = await created(api, "/v1/vpcs", vpcSpec);
      const vxnet = await created(api, "/v1/vxnets", { name: "apps", vpcId: vpc.id, cidr: "10.150.1.0/24" });
      const group = await api.createGroup({ name: "web", network: { mode: "vpc", vxnetId: vxnet.id, privateIp: "10.150.1.10" }, containers: [web("still here")] });
      await api.waitForStatus(group.id, "running");
      engineId = (await docker.listContainers({ filters: { label: [`eci.group=${group.id}`] } }))[0].Labels["eci.engine"];
      expect(await httpGet(eip.address, 8080)).to.equal("still here\n");

      proc.kill("SIGTERM");
      expect(await exited(proc)).to.equal(0);
      expect(await httpGet(eip.address, 8080)).to.equal("still here\n");

      engine = await startEngineProcess(dataDir, port, env);
      proc = engine.proc;
      expect(await httpGet(eip.address, 8080)).to.equal("still here\n");

      await deleteAllGroups(engine.api);
      for (const [kind, id] of [["vxnets", vxnet.id], ["vpcs", vpc.id], ["security-groups", sg.id], ["eips", eip.id]]) {
        expect((await engine.api.request("DELETE", `/v1/${kind}/${id}`)).status).to.equal(204);
      }
      expect(await httpGet(eip.address, 8080)).to.equal("refused");
      proc.kill("SIGTERM");
      expect(await exited(proc)).to.equal(0);
    });
  });

  describe("security groups and VPCs", () => {
    let t: TestEngine;
    let outside: Docker.Container | undefined;
    before(async () => {
      t = await startTestEngine({ eipPool: "127.101.2.0/24" });
    });
    after(async () => {
      await outside?.remove({ force: true });
      await t?.close();
    });

    const vpcWithVxnet = async (cidr: string, extra: object = {}) => {
      const spec = { name: "net", cidr: `${cidr}.0.0/16`, ...extra };
      const vpc = await created(t.api, "/v1/vpcs", spec);
      const vxnet = await created(t.api, "/v1/vxnets", { name: "apps", vpcId: vpc.id, cidr: `${cidr}.1.0/24` });
      return { vpc, spec, vxnet };
    };

    it("blocks a connection from one group to another by an egress rule, and lets it through once the rule is removed, restarting nothing", async () => {
      const { vxnet } = await vpcWithVxnet("10.151");
      const server = await t.api.createGroup({ name: "server", network: { mode: "vpc", vxnetId: vxnet.id, privateIp: "10.151.1.10" }, containers: [web("inside")] });
      const anywhere = { priority: 10, direction: "egress", protocol: "ALL", action: "accept" };
      const noServer = { priority: 1, direction: "egress", protocol: "TCP", ports: "80", sourceCidr: "10.151.1.10/32", action: "drop" };
      const sg = await created(t.api, "/v1/security-groups", { name: "client", rules: [noServer, anywhere] });
      const client = await t.api.createGroup({ name: "client", network: { mode: "vpc", vxnetId: vxnet.id, securityGroupId: sg.id }, containers: [prober("http://10.151.1.10/")] });
      await t.api.waitForStatus(server.id, "running");
      const running = await t.api.waitForStatus(client.id, "running");
      await probeSays(t.api, client.id, "blocked");

      await replaced(t.api, `/v1/security-groups/${sg.id}`, { name: "client", rules: [anywhere] });
      await probeSays(t.api, client.id, "reached");
      await replaced(t.api, `/v1/security-groups/${sg.id}`, { name: "client", rules: [noServer, anywhere] });
      await probeSays(t.api, client.id, "blocked");
      const after = await t.api.getGroup(client.id);
      expect(after.containers[0]).to.include({ restartCount: 0, startedAt: running.containers[0].startedAt });
    });

    it("keeps a VPC without an EIP from reaching a server outside it, until the VPC gets an EIP", async () => {
      // "Outside": a container on Docker's default bridge, published on that bridge's own address (not
      // on 127.0.0.1, which a container cannot reach; nor on every address, which the world could).
      const gateway = (await docker.getNetwork("bridge").inspect()).IPAM?.Config?.[0]?.Gateway as string;
      outside = await docker.createContainer({
        Image: TEST_IMAGES.busybox,
        Cmd: web("outside").command,
        Labels: { "eci.test": "kernel-data-path" },
        ExposedPorts: { "80/tcp": {} },
        HostConfig: { Init: true, PortBindings: { "80/tcp": [{ HostIp: gateway, HostPort: "" }] } },
      });
      await outside.start();
      const published = (await outside.inspect()).NetworkSettings.Ports["80/tcp"][0].HostPort;
      const { vpc, spec, vxnet } = await vpcWithVxnet("10.152");
      const client = await t.api.createGroup({ name: "client", network: { mode: "vpc", vxnetId: vxnet.id }, containers: [prober(`http://${gateway}:${published}/`)] });
      const running = await t.api.waitForStatus(client.id, "running");
      await probeSays(t.api, client.id, "blocked");

      const eip = await created(t.api, "/v1/eips", { name: "egress" });
      await replaced(t.api, `/v1/vpcs/${vpc.id}`, { ...spec, eipId: eip.id });
      await probeSays(t.api, client.id, "reached");
      await replaced(t.api, `/v1/vpcs/${vpc.id}`, spec);
      await probeSays(t.api, client.id, "blocked");
      expect((await t.api.getGroup(client.id)).containers[0]).to.include({ restartCount: 0, startedAt: running.containers[0].startedAt });
    });

    it("puts back its rules when someone else flushes them, as kube-proxy does", async () => {
      const eip = await created(t.api, "/v1/eips", { name: "flushed" });
      const { vxnet } = await vpcWithVxnet("10.154", { eipId: eip.id, portForwardings: [{ protocol: "TCP", eipPort: 8080, privateIp: "10.154.1.10", privatePort: 80 }] });
      const group = await t.api.createGroup({ name: "web", network: { mode: "vpc", vxnetId: vxnet.id, privateIp: "10.154.1.10" }, containers: [web("back")] });
      await t.api.waitForStatus(group.id, "running");
      await waitFor("the page through the EIP", async () => ((await httpGet(eip.address, 8080)) === "back\n" ? true : undefined));

      const chain = `${chainPrefix(t.engine.engineId)}-DNAT`;
      execFileSync("iptables", ["-w", "5", "-t", "nat", "-F", chain]);
      expect(execFileSync("iptables", ["-w", "5", "-t", "nat", "-S", chain], { encoding: "utf8" }).trim()).to.equal(`-N ${chain}`);
      // The next resync (every second in tests, ECI_RESYNC_INTERVAL_MS) compares the kernel with the store.
      await waitFor("the EIP to answer again", async () => ((await httpGet(eip.address, 8080)) === "back\n" ? true : undefined));
    });

    it("applies an ingress rule change to the next connection at once, while an established one keeps going", async () => {
      const eip = await created(t.api, "/v1/eips", { name: "public" });
      const allow = { priority: 1, ports: "7000" };
      const sg = await created(t.api, "/v1/security-groups", { name: "echo", rules: [allow] });
      const { vxnet } = await vpcWithVxnet("10.153", { eipId: eip.id, securityGroupId: sg.id, portForwardings: [{ protocol: "TCP", eipPort: 7000, privateIp: "10.153.1.10", privatePort: 7 }] });
      const echo = await t.api.createGroup({ name: "echo", network: { mode: "vpc", vxnetId: vxnet.id, privateIp: "10.153.1.10" }, containers: [{ name: "echo", image: TEST_IMAGES.busybox, command: ["nc", "-ll", "-p", "7", "-e", "cat"] }] });
      await t.api.waitForStatus(echo.id, "running");
      const open = await waitFor("the echo server", () => openLine(eip.address, 7000).catch(() => undefined));
      try {
        expect(await open.say("one")).to.equal("one\n");

        await replaced(t.api, `/v1/security-groups/${sg.id}`, { name: "echo", rules: [{ ...allow, action: "drop" }] });
        expect(await httpGet(eip.address, 7000)).to.equal("refused");
        expect(await open.say("two")).to.equal("two\n");

        await replaced(t.api, `/v1/security-groups/${sg.id}`, { name: "echo", rules: [allow] });
        const again = await openLine(eip.address, 7000);
        expect(await again.say("three")).to.equal("three\n");
        again.socket.destroy();
      } finally {
        open.socket.destroy();
      }
    });
  });
});
