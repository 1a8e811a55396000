/**
 * HTTP requests per second to one kind of server, side by side in one run:
 *   published  a plain `docker run -p 127.0.0.1::80` container: Docker's published port (docker-proxy);
 *   eip        a group of the engine in a VPC, reached at EIP:8080 through the VPC's port forwarding
 *              and its security group: the engine's data path, kernel rules (DNAT, filter, conntrack)
 *              when the engine may change them, else its userland forwarder (the log line says which);
 *   private    a twin of that group (same spec, next address) at its private IP, straight over the
 *              VPC's bridge (no proxy at all). A twin, not the same group: the EIP's connections are
 *              masqueraded behind the bridge's address, the host's own come from it too, and a server
 *              that saw the same address and port from both within a minute refuses the later SYN
 *              (its TIME_WAIT's timestamps, PAWS), so the two would slow each other down.
 * Goals: eip ≥ 1.0× published, and ≥ 0.8× private.
 * The server is busybox httpd (HTTP/1.0, one connection per request, as a forwarder is stressed most),
 * serving a 1 kB page. The load is CONCURRENCY clients, each opening a connection per request, for
 * SECONDS per measurement; the variants take turns for ROUNDS rounds after a warm-up, and the median
 * of each is reported. The engine runs as its own process (`eci-engine`), as a user runs it.
 * Usage: npx tsx bench/eip-forwarding.ts [rounds] [seconds] [--quick]   (--quick: one round of 1 s, nothing recorded)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import os from "node:os";
import path from "node:path";
import { TEST_IMAGES, ensureTestImages } from "../scripts/build-test-images";
import { exited, freePort, startEngineProcess } from "../test/helpers/engine-process";
import { type Api, deleteAllGroups, docker, removeEngineVolumesAndNetworks } from "../test/helpers/test-engine";
import { benchOptions, median, recordResult, runBench } from "./lib/bench-support";

const OPTIONS = benchOptions();
const ROUNDS = OPTIONS.quick ? 1 : OPTIONS.number(0, 3);
const SECONDS = OPTIONS.quick ? 1 : OPTIONS.number(1, 5);
const CONCURRENCY = 8;
const PAGE_BYTES = 1024;
const RAW_LABEL = { "eci.bench": "eip-forwarding" };
const SERVER = ["sh", "-c", `mkdir -p /www && head -c ${PAGE_BYTES} /dev/zero | tr '\\0' x > /www/index.html && exec httpd -f -p 80 -h /www`];
const FORWARDED_IP = "10.77.1.10";
const PRIVATE_IP = "10.77.1.11";

/** One request on a new connection; true for a complete 200 answer with the page. */
function request(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    let bytes = 0;
    let head = "";
    socket.setTimeout(5000, () => socket.destroy());
    // The server closes first, as HTTP/1.0 has it: the TIME_WAIT stays with it, not with this client's ports.
    socket.on("connect", () => socket.write(`GET /index.html HTTP/1.0\r\nHost: ${host}\r\n\r\n`));
    socket.on("data", (d: Buffer) => {
      if (head.length < 16) head += d.toString("latin1", 0, 16);
      bytes += d.length;
    });
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(/^HTTP\/1\.[01] 200/.test(head) && bytes > PAGE_BYTES));
  });
}

/** Requests per second that CONCURRENCY clients complete in SECONDS; any failed request fails the run. */
async function load(host: string, port: number, seconds = SECONDS): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) (await request(host, port)) ? done++ : failed++;
    }),
  );
  if (failed > 0) throw new Error(`${failed} of ${done + failed} requests to ${host}:${port} failed`);
  return done / seconds;
}

async function expectCreated(api: Api, path: string, body: object): Promise<{ id: string; [k: string]: unknown }> {
  const reply = await api.request("POST", path, body);
  if (reply.status !== 201 && reply.status !== 202) throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** The quickstart's composition: an EIP, a security group allowing 8080, a VPC forwarding 8080 to the group's port 80; and the group's twin. */
async function deployGroup(api: Api): Promise<{ eipAddress: string; engineId: string; ids: Array<[string, string]> }> {
  const eip = await expectCreated(api, "/v1/eips", { name: "bench" });
  const sg = await expectCreated(api, "/v1/security-groups", { name: "bench", rules: [{ priority: 1, protocol: "TCP", ports: "8080", action: "accept" }] });
  const vpc = await expectCreated(api, "/v1/vpcs", {
    name: "bench",
    cidr: "10.77.0.0/16",
    eipId: eip.id,
    securityGroupId: sg.id,
    portForwardings: [{ protocol: "TCP", eipPort: 8080, privateIp: FORWARDED_IP, privatePort: 80 }],
  });
  const vxnet = await expectCreated(api, "/v1/vxnets", { name: "bench", vpcId: vpc.id, cidr: "10.77.1.0/24" });
  const twin = (name: string, privateIp: string) => api.createGroup({ name, network: { mode: "vpc", vxnetId: vxnet.id, privateIp }, containers: [{ name: "httpd", image: TEST_IMAGES.busybox, command: SERVER }] });
  const [group, other] = [await twin("bench", FORWARDED_IP), await twin("bench-private", PRIVATE_IP)];
  for (const g of [group, other]) await api.waitForStatus(g.id, "running");
  const [container] = await docker.listContainers({ filters: { label: [`eci.group=${group.id}`] } });
  // Reverse order of creation, for the clean-up.
  return { eipAddress: eip.address as string, engineId: container.Labels["eci.engine"], ids: [["vxnets", vxnet.id], ["vpcs", vpc.id], ["security-groups", sg.id], ["eips", eip.id]] };
}

async function main(): Promise<void> {
  await ensureTestImages(docker);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-bench-"));
  let engine: Awaited<ReturnType<typeof startEngineProcess>> | undefined;
  let ids: Array<[string, string]> = [];
  let engineId: string | undefined;
  const raw = await docker.createContainer({
    Image: TEST_IMAGES.busybox,
    Cmd: SERVER,
    Labels: RAW_LABEL,
    ExposedPorts: { "80/tcp": {} },
    HostConfig: { Init: true, PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] } },
  });
  try {
    await raw.start();
    const publishedPort = Number((await raw.inspect()).NetworkSettings.Ports["80/tcp"][0].HostPort);
    const log: string[] = [];
    engine = await startEngineProcess(dataDir, await freePort(), { ECI_LOG_LEVEL: "info", ECI_LOG_FORMAT: "json" }, { output: log });
    const dataPath = log.join("").match(/"msg":"Network data path: ([^"]*)"/)?.[1] ?? "unknown";
    const deployed = await deployGroup(engine.api);
    ({ ids, engineId } = deployed);
    const variants = { published: ["127.0.0.1", publishedPort], eip: [deployed.eipAddress, 8080], private: [PRIVATE_IP, 80] } as const;
    const results: Record<keyof typeof variants, number[]> = { published: [], eip: [], private: [] };
    for (const [host, port] of Object.values(variants)) await load(host, port, 1); // warm-up
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, [host, port]] of Object.entries(variants)) results[name as keyof typeof variants].push(await load(host, port));
    }
    const rps = { published: median(results.published), eip: median(results.eip), private: median(results.private) };
    const ratios = { eipVsPublished: rps.eip / rps.published, eipVsPrivate: rps.eip / rps.private, privateVsPublished: rps.private / rps.published };
    const line = (what: string, value: number, note = "") => console.log(`  ${what.padEnd(44)}${value.toFixed(0).padStart(7)} req/s${note}`);
    console.log(`HTTP/1.0 GET of a ${PAGE_BYTES}-byte page from busybox httpd, a new connection per request, ${CONCURRENCY} clients; median of ${ROUNDS} × ${SECONDS} s:`);
    console.log(`  the engine's data path: ${dataPath}`);
    line("raw Docker: published port (docker-proxy)", rps.published);
    line("engine: EIP:8080 → port forwarding → group", rps.eip, `   ${ratios.eipVsPublished.toFixed(2)}× published (goal ≥ 1.0), ${ratios.eipVsPrivate.toFixed(2)}× private (goal ≥ 0.8)`);
    line("engine: its twin's private IP (no proxy)", rps.private, `   ${ratios.privateVsPublished.toFixed(2)}× published`);
    const result = { rounds: ROUNDS, seconds: SECONDS, concurrency: CONCURRENCY, pageBytes: PAGE_BYTES, dataPath, rps, runs: results, ratios };
    recordResult(OPTIONS, "eip-forwarding", result);
  } finally {
    const warn = (err: Error) => console.error(`Clean-up: ${err.message}`);
    await raw.remove({ force: true }).catch(warn);
    if (engine) {
      await deleteAllGroups(engine.api).catch(warn);
      for (const [kind, id] of ids) await engine.api.request("DELETE", `/v1/${kind}/${id}`).catch(warn);
      engine.proc.kill("SIGTERM");
      await exited(engine.proc);
    }
    // The kernel's rules outlive the engine: gone with the resources above, unless the engine failed first.
    if (engineId) await removeEngineVolumesAndNetworks(engineId).catch(warn);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runBench(main);
