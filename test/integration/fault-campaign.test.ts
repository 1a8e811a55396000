import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { ContainerGroup, ContainerGroupSpecInput, ContainerSpecInput, ImageCache } from "@eci/sdk";
import { buildScratchImage } from "../../engine/src/runtime/build-image";
import { LABELS } from "../../engine/src/runtime/labels";
import { diskVolumeName, vpcNetworkName } from "../../engine/src/runtime/object-names";
import { TEST_IMAGES, ensureTestImages } from "../../scripts/build-test-images";
import { type Census, isClean, takeCensus } from "../helpers/convergence-check";
import { KillableEngine, removeEngineLeftovers, seededRandom } from "../helpers/fault-injection";
import { httpGet } from "../helpers/net-probes";
import { TestRegistry } from "../helpers/registry";
import { deleteAllGroups, docker } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

/**
 * The engine killed with SIGKILL at a random moment of each operation, then started again on the same
 * data directory: every resource must reach its declared state, and Docker must hold exactly what the
 * API declares — no orphan, no duplicate. FAULT_ROUNDS (default 2) kills per operation; FAULT_SEED
 * replays a run (the seed and every delay are printed).
 */
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 2);
const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Kills land 0–1.5 s after the API accepted the operation: from the first step of a pass to after its last. */
const MAX_DELAY_MS = 1500;
/** Sometimes the restarted engine is killed again while it adopts what it finds. */
const RECOVERY_KILL_CHANCE = 0.3;
const MAX_RECOVERY_DELAY_MS = 500;
/** A cache of two small images from a registry on 127.0.0.1 fills in about half a second. */
const MAX_CACHE_DELAY_MS = 600;
/** Requests in flight are sent up to this long before the kill (a disk's volume takes a few ms, a VPC's network some 100 ms). */
const MAX_IN_FLIGHT_LEAD_MS = 250;

const IMAGE = TEST_IMAGES.busybox;
/** A container that ignores SIGTERM, so that removing it takes the whole stop grace (1 s here) and kills land mid-removal. */
const stubborn = (name: string, env: Record<string, string> = {}): ContainerSpecInput => ({
  name,
  image: IMAGE,
  env,
  command: ["sh", "-c", 'trap "" TERM; echo "V=$V"; while true; do sleep 1; done'],
});
const sleeper = (name: string): ContainerSpecInput => ({ name, image: IMAGE, command: ["sleep", "3600"] });

describe("fault campaign: the engine killed with SIGKILL during each operation, then restarted", function () {
  this.timeout(60_000 + ROUNDS * 60_000);
  const random = seededRandom(SEED);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-faults-"));
  const ownCaches = new Set<string>();
  const totals = { censuses: 0, checked: 0, orphans: 0, duplicates: 0, missing: 0, dead: 0 };
  const started = Date.now();
  let engine: KillableEngine;
  let engineId: string;
  let registry: TestRegistry | undefined;
  let app: string;
  let credentialId: string;
  const vpcs: Record<"a" | "b", { id: string }> = {} as never;
  const vxnets: Record<"a1" | "a2" | "b1", { id: string; cidr: string; vpcId: string }> = {} as never;

  const api = () => engine.api;
  const create = async (route: string, body: object) => {
    const reply = await api().request("POST", route, body);
    expect(reply.status, `POST ${route}: ${JSON.stringify(reply.body)}`).to.be.oneOf([201, 202]);
    return reply.body;
  };
  const put = async (route: string, body: object) => {
    const reply = await api().request("PUT", route, body);
    expect(reply.status, `PUT ${route}: ${JSON.stringify(reply.body)}`).to.equal(202);
    return reply.body;
  };
  const runningAndHealthy = (id: string) => api().waitForGroup(id, "running and healthy", (g) => g.status === "running" && g.healthStatus === "healthy", 60_000);
  const gone = (route: string) => waitFor(`${route} to be gone`, async () => ((await api().request("GET", route)).status === 404 ? true : undefined), { timeoutMs: 60_000 });
  const deleteGroups = async (ids: string[]) => {
    for (const id of ids) expect((await api().request("DELETE", `/v1/container-groups/${id}`)).status).to.equal(202);
    for (const id of ids) await gone(`/v1/container-groups/${id}`);
  };
  /** The group's Docker containers by declared name (the sandbox as `(sandbox)`). */
  const dockerMembers = async (groupId: string) => {
    const list = await docker.listContainers({ all: true, filters: { label: [`${LABELS.engine}=${engineId}`, `${LABELS.group}=${groupId}`] } });
    return new Map(list.map((c) => [c.Labels[LABELS.container] || "(sandbox)", c]));
  };

  /** SIGKILL after a random delay, a restart, and sometimes a second SIGKILL while the restarted engine recovers. */
  const fault = async (operation: string, round: number, watched: string[] = [], probe?: () => Promise<string>, maxDelayMs = MAX_DELAY_MS) => {
    const delayMs = Math.floor(random() * maxDelayMs);
    const killedAt = Date.now() + delayMs;
    let seen: string | undefined;
    if (probe) {
      // What the operation had done just before the kill (a few ms before it).
      await new Promise((r) => setTimeout(r, delayMs));
      seen = await probe();
    }
    await engine.killAfter({ operation, round, phase: "during", delayMs }, probe ? 0 : delayMs);
    if (seen) console.log(`      just before the kill: ${seen}`);
    await engine.restart();
    if (random() < RECOVERY_KILL_CHANCE) {
      await engine.killAfter({ operation, round, phase: "recovery", delayMs: Math.floor(random() * MAX_RECOVERY_DELAY_MS) });
      await engine.restart();
    }
    // Where the kill landed: the last thing each watched group recorded before it.
    for (const id of watched) {
      const before = (await api().events(id)).filter((e) => Date.parse(e.createdAt) <= killedAt);
      const last = before.at(-1);
      console.log(`      ${id}: killed after ${before.length} events${last ? `, the last ${last.reason}${last.container ? ` ${last.container}` : ""}` : ""}`);
    }
  };

  /** Docker against the API, by labels; retried a while, since the engine removes orphans on its next resync. */
  const checkDocker = async () => {
    let last: Census | undefined;
    await waitFor(
      "Docker to hold exactly what the API declares",
      async () => {
        last = await takeCensus(api(), engineId, (id) => ownCaches.has(id), dataDir);
        return isClean(last) ? last : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 500 },
    ).catch(() => undefined);
    const census = last as Census;
    totals.censuses += 1;
    totals.checked += census.checked;
    totals.orphans += census.orphans.length;
    totals.duplicates += census.duplicates.length;
    totals.missing += census.missing.length;
    totals.dead += census.dead.length;
    expect({ orphans: census.orphans, duplicates: census.duplicates, missing: census.missing, dead: census.dead }, `seed ${SEED}`).to.deep.equal({ orphans: [], duplicates: [], missing: [], dead: [] });
  };

  before(async function () {
    this.timeout(120_000);
    console.log(`    fault campaign: FAULT_SEED=${SEED} FAULT_ROUNDS=${ROUNDS}`);
    await ensureTestImages(docker);
    engine = await KillableEngine.start(dataDir, { ECI_STOP_GRACE_MS: "1000", ECI_QUOTA_STANDARD_GROUPS: "100", ECI_METRICS_INTERVAL_MS: "0" });
    registry = await TestRegistry.start();
    app = await registry.push(IMAGE, "faults/app:1");
    credentialId = (await create("/v1/registry-credentials", { server: registry.server, username: registry.username, password: registry.password })).id;
    // Small ranges of their own, so that other tests' VPCs on the same daemon do not overlap them.
    vpcs.a = await create("/v1/vpcs", { name: "faults-a", cidr: "10.211.0.0/24" });
    vpcs.b = await create("/v1/vpcs", { name: "faults-b", cidr: "10.212.0.0/24" });
    vxnets.a1 = await create("/v1/vxnets", { name: "a1", vpcId: vpcs.a.id, cidr: "10.211.0.0/25" });
    vxnets.a2 = await create("/v1/vxnets", { name: "a2", vpcId: vpcs.a.id, cidr: "10.211.0.128/25" });
    vxnets.b1 = await create("/v1/vxnets", { name: "b1", vpcId: vpcs.b.id, cidr: "10.212.0.0/25" });
    const [network] = await docker.listNetworks({ filters: { name: [vpcNetworkName(vpcs.a.id)] } });
    engineId = network.Labels?.[LABELS.engine] as string;
    expect(engineId, "the engine's id, from its VPC network's labels").to.be.a("string");
  });

  beforeEach(async () => {
    if (!engine.running) await engine.restart();
  });

  after(async function () {
    this.timeout(120_000);
    const during = engine?.faults.filter((f) => f.phase === "during").length ?? 0;
    const recovery = engine?.faults.filter((f) => f.phase === "recovery").length ?? 0;
    const operations = new Set(engine?.faults.map((f) => f.operation.replace(/ \(.*\)$/, ""))).size;
    console.log(
      `    fault campaign (FAULT_SEED=${SEED}, ${ROUNDS} rounds): ${during + recovery} SIGKILLs injected (${during} during ${operations} operations, ${recovery} during recovery), ` +
        `${totals.checked} resources checked in ${totals.censuses} censuses of Docker, orphans ${totals.orphans}, duplicates ${totals.duplicates}, missing ${totals.missing}, dead ${totals.dead}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    try {
      if (engine?.running) {
        await deleteAllGroups(api());
        for (const kind of ["image-caches", "disks", "vxnets", "vpcs"]) {
          const { body } = await api().request<{ items: Array<{ id: string }> }>("GET", `/v1/${kind}`);
          for (const item of body.items ?? []) if (item.id !== "vxnet-0") await api().request("DELETE", `/v1/${kind}/${item.id}`);
          if (kind === "image-caches") for (const item of body.items ?? []) await gone(`/v1/image-caches/${item.id}`).catch(() => undefined);
        }
        await engine.stop();
      }
    } finally {
      engine?.kill();
      await removeEngineLeftovers(engineId, dataDir);
      for (const id of ownCaches) for (const i of await docker.listImages({ filters: { reference: [`eci-cache/${id}`] } })) for (const tag of i.RepoTags ?? []) await docker.getImage(tag).remove().catch(() => undefined);
      await registry?.stop();
    }
  });

  it("create: groups created just before the kill run with one sandbox and one container each, none restarted", async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const groups: ContainerGroup[] = [];
      for (const i of [1, 2]) {
        groups.push(
          await api().createGroup({
            name: `create-${round}-${i}`,
            containers: [{ name: "setup", type: "init", image: IMAGE, command: ["sh", "-c", "sleep 0.2"] }, sleeper("a"), stubborn("b")],
          }),
        );
      }
      await fault("create", round, groups.map((g) => g.id));
      for (const g of groups) {
        const view = await runningAndHealthy(g.id);
        expect(view.containers.map((c) => [c.name, c.restartCount]), g.id).to.deep.equal([["setup", 0], ["a", 0], ["b", 0]]);
        expect(await api().logs(g.id, "b"), g.id).to.equal("V=\n");
      }
      await checkDocker();
      await deleteGroups(groups.map((g) => g.id));
    }
  });

  it("online update: the changed containers are re-created once with the new spec, the unchanged one keeps running", async () => {
    const spec = (round: number): ContainerGroupSpecInput => ({
      name: "updated",
      containers: [
        // The init container changes every other round: it runs again, alone, before the changed work container.
        { name: "setup", type: "init", image: IMAGE, command: ["sh", "-c", `echo init-${Math.floor(round / 2)}; sleep 0.2`] },
        sleeper("a"),
        stubborn("b", { V: `round-${round}` }),
      ],
    });
    const group = await api().createGroup(spec(0));
    await runningAndHealthy(group.id);
    for (let round = 1; round <= ROUNDS; round++) {
      const before = await api().getGroup(group.id);
      const a = (await dockerMembers(group.id)).get("a")?.Id;
      await put(`/v1/container-groups/${group.id}`, spec(round));
      await fault("online update", round, [group.id]);
      const after = await runningAndHealthy(group.id);
      expect(await api().logs(group.id, "b")).to.equal(`V=round-${round}\n`);
      expect(await api().logs(group.id, "setup")).to.equal(`init-${Math.floor(round / 2)}\n`);
      const unchanged = (g: ContainerGroup) => g.containers.find((c) => c.name === "a");
      expect(unchanged(after)).to.deep.include({ startedAt: unchanged(before)?.startedAt, restartCount: 0 });
      expect((await dockerMembers(group.id)).get("a")?.Id, "container a is the same Docker container").to.equal(a);
      await checkDocker();
    }
    await deleteGroups([group.id]);
  });

  it("restart: every container is re-created exactly once, whatever step the kill interrupted", async () => {
    const group = await api().createGroup({ name: "restarted", containers: [sleeper("a"), stubborn("b")] });
    await runningAndHealthy(group.id);
    for (let round = 1; round <= ROUNDS; round++) {
      const before = await dockerMembers(group.id);
      const reply = await api().request("POST", `/v1/container-groups/${group.id}/restart`);
      expect(reply.status, JSON.stringify(reply.body)).to.equal(202);
      await fault("restart", round, [group.id]);
      await runningAndHealthy(group.id);
      const after = await dockerMembers(group.id);
      for (const name of ["a", "b"]) expect(after.get(name)?.Id, `container ${name} re-created`).to.not.equal(before.get(name)?.Id);
      expect(await api().logs(group.id, "b"), "b started once since the restart").to.equal("V=\n");
      await checkDocker();
    }
    await deleteGroups([group.id]);
  });

  it("delete: groups being deleted are gone, and so is every container of theirs", async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const groups: ContainerGroup[] = [];
      for (const i of [1, 2]) groups.push(await api().createGroup({ name: `delete-${round}-${i}`, containers: [sleeper("a"), stubborn("b"), stubborn("c")] }));
      for (const g of groups) await runningAndHealthy(g.id);
      for (const g of groups) expect((await api().request("DELETE", `/v1/container-groups/${g.id}`)).status).to.equal(202);
      await fault("delete", round);
      for (const g of groups) await gone(`/v1/container-groups/${g.id}`);
      for (const g of groups) expect([...(await dockerMembers(g.id)).keys()], g.id).to.deep.equal([]);
      await checkDocker();
    }
  });

  it("network move: a group moved to another vxnet or VPC has one sandbox, on the new network only, and answers there", async () => {
    const web: ContainerSpecInput = { name: "web", image: IMAGE, command: ["sh", "-c", "mkdir -p /www && echo mover > /www/index.html && exec httpd -f -p 80 -h /www"], ports: [{ port: 80 }] };
    const spec = (network: { vxnetId: string; privateIp?: string }): ContainerGroupSpecInput => ({ name: "mover", network: { mode: "vpc", ...network }, containers: [web, stubborn("b")] });
    const group = await api().createGroup(spec({ vxnetId: vxnets.a1.id, privateIp: "10.211.0.10" }));
    await runningAndHealthy(group.id);
    const targets = [
      { vxnet: vxnets.a2, vpc: vpcs.a, privateIp: undefined },
      { vxnet: vxnets.b1, vpc: vpcs.b, privateIp: "10.212.0.20" },
      { vxnet: vxnets.a1, vpc: vpcs.a, privateIp: "10.211.0.10" },
    ];
    for (let round = 1; round <= ROUNDS; round++) {
      const target = targets[(round - 1) % targets.length];
      await put(`/v1/container-groups/${group.id}`, spec({ vxnetId: target.vxnet.id, privateIp: target.privateIp }));
      await fault("network move", round, [group.id]);
      const moved = await runningAndHealthy(group.id);
      const ip = moved.privateIp as string;
      if (target.privateIp) expect(ip).to.equal(target.privateIp);
      else expect(ip.startsWith("10.211.0.") && Number(ip.split(".")[3]) >= 130, `${ip} in ${target.vxnet.cidr}`).to.equal(true);
      const sandbox = (await dockerMembers(group.id)).get("(sandbox)");
      const networks = (await docker.getContainer(sandbox?.Id as string).inspect()).NetworkSettings.Networks;
      expect(Object.entries(networks).map(([name, n]) => [name, n.IPAddress])).to.deep.equal([[vpcNetworkName(target.vpc.id), ip]]);
      expect(await waitFor(`the group to answer at ${ip}`, async () => ((await httpGet(ip, 80)) === "mover\n" ? true : undefined), { timeoutMs: 10_000 })).to.equal(true);
      await checkDocker();
    }
    await deleteGroups([group.id]);
  });

  it("image cache create: a cache being filled becomes available with each image pinned once", async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      // An image whose layer exists nowhere on the daemon, so that the pull really downloads it.
      const local = `eci-test/fault-payload:${randomBytes(4).toString("hex")}`;
      await buildScratchImage(docker, local, [{ name: "payload", content: randomBytes(24 << 20) }], ["/payload"]);
      const payload = await registry!.push(local, `faults/payload-${round}:1`);
      await docker.getImage(local).remove({ force: true });
      const cache: ImageCache = await create("/v1/image-caches", { name: `cache-${round}`, images: [app, payload], registryCredentialIds: [credentialId] });
      ownCaches.add(cache.id);
      await fault("image cache create", round, [], async () => {
        const c = (await api().request<ImageCache>("GET", `/v1/image-caches/${cache.id}`)).body;
        const pinned = await docker.listImages({ filters: { reference: [`eci-cache/${cache.id}`] } });
        return `cache ${cache.id} ${c.status}, ${pinned.length} of 2 images pinned`;
      }, MAX_CACHE_DELAY_MS);
      const filled = await waitFor(`cache ${cache.id} to be filled`, async () => {
        const c = (await api().request<ImageCache>("GET", `/v1/image-caches/${cache.id}`)).body;
        return c.status === "creating" ? undefined : c;
      }, { timeoutMs: 60_000 });
      expect(filled, JSON.stringify(filled)).to.deep.include({ status: "available", statusReason: null });
      expect(filled.cachedImages.map((i) => i.image)).to.deep.equal([app, payload]);
      await checkDocker();
      await api().request("DELETE", `/v1/image-caches/${cache.id}`);
      await gone(`/v1/image-caches/${cache.id}`);
      await docker.getImage(payload).remove({ force: true }).catch(() => undefined);
    }
  });

  it("disk attach: a group given a disk, at creation or by an update, mounts it once and holds it", async () => {
    const withDisk = (round: number, diskId?: string): ContainerGroupSpecInput => ({
      name: `disk-${round}`,
      volumes: diskId ? [{ name: "data", disk: { diskId } }] : [],
      containers: [
        {
          name: "app",
          image: IMAGE,
          // Each start appends a line to the disk: one line means the container started once on it.
          command: ["sh", "-c", "mkdir -p /data && echo started >> /data/starts && cat /data/starts && exec sleep 3600"],
          volumeMounts: diskId ? [{ volume: "data", mountPath: "/data" }] : [],
        },
      ],
    });
    for (let round = 1; round <= ROUNDS; round++) {
      const disk = await create("/v1/disks", { name: `disk-${round}` });
      let group: ContainerGroup;
      if (round % 2 === 1) {
        group = await api().createGroup(withDisk(round, disk.id));
      } else {
        group = await api().createGroup(withDisk(round));
        await runningAndHealthy(group.id);
        await put(`/v1/container-groups/${group.id}`, withDisk(round, disk.id));
      }
      await fault(`disk attach (${round % 2 === 1 ? "create" : "update"})`, round, [group.id]);
      await runningAndHealthy(group.id);
      expect((await api().request("GET", `/v1/disks/${disk.id}`)).body).to.include({ status: "in-use", attachedTo: group.id });
      expect(await api().logs(group.id, "app"), "the container started once on the disk").to.equal("started\n");
      const member = (await dockerMembers(group.id)).get("app");
      const mounts = (await docker.getContainer(member?.Id as string).inspect()).Mounts.map((m) => `${m.Type}:${m.Name ?? m.Source}:${m.Destination}`);
      expect(mounts).to.deep.equal([`volume:${diskVolumeName(disk.id)}:/data`]);
      await checkDocker();
      await deleteGroups([group.id]);
      expect((await api().request("DELETE", `/v1/disks/${disk.id}`)).status).to.equal(204);
    }
  });

  it("disk and VPC create and delete: killed while the request is in flight, each either exists with its Docker object or not at all", async () => {
    const fixtures = new Set([vpcs.a.id, vpcs.b.id]);
    for (let round = 1; round <= ROUNDS; round++) {
      const oldDisk = await create("/v1/disks", { name: `old-${round}` });
      const oldVpc = await create("/v1/vpcs", { name: `old-${round}`, cidr: "10.213.1.0/24" });
      // Each request is sent its own random lead before the kill, so that the kill lands before, inside or after
      // its Docker call, or between that and the store's write.
      const requests: Array<[string, string, object?]> = [
        ["POST", "/v1/disks", { name: `new-${round}` }],
        ["POST", "/v1/vpcs", { name: `new-${round}`, cidr: "10.213.2.0/24" }],
        ["DELETE", `/v1/disks/${oldDisk.id}`],
        ["DELETE", `/v1/vpcs/${oldVpc.id}`],
      ];
      const leads = requests.map(() => Math.floor(random() * MAX_IN_FLIGHT_LEAD_MS));
      const delayMs = Math.max(...leads);
      const inFlight = requests.map(async ([method, route, body], i) => {
        await new Promise((r) => setTimeout(r, delayMs - leads[i]));
        return api().request(method, route, body).then((r) => r.status, () => "no answer");
      });
      await engine.killAfter({ operation: "disk and VPC create/delete in flight", round, phase: "during", delayMs });
      const answers = await Promise.all(inFlight);
      console.log(`      ${requests.map(([method, route], i) => `${method} ${route.replace(/-[a-z0-9]{8}$/, "")} ${leads[i]} ms before: ${answers[i]}`).join("; ")}`);
      await engine.restart();
      await checkDocker();
      const left = [
        ...((await api().request("GET", "/v1/disks")).body.items as Array<{ id: string }>).map((d) => `/v1/disks/${d.id}`),
        ...((await api().request("GET", "/v1/vpcs")).body.items as Array<{ id: string }>).filter((v) => !fixtures.has(v.id)).map((v) => `/v1/vpcs/${v.id}`),
      ];
      for (const route of left) expect((await api().request("DELETE", route)).status, route).to.equal(204);
    }
  });
});
