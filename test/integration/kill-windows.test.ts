import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { LABELS } from "../../engine/src/runtime/labels";
import { diskVolumeName, vpcNetworkName } from "../../engine/src/runtime/object-names";
import { ensureTestImages } from "../../scripts/build-test-images";
import { isClean, takeCensus } from "../helpers/convergence-check";
import { DockerSocketProxy } from "../helpers/docker-socket-proxy";
import { KillableEngine, removeEngineLeftovers } from "../helpers/fault-injection";
import { docker } from "../helpers/test-engine";

/**
 * The narrowest windows of the fault campaign, made certain: the engine is killed after Docker created
 * or removed a VPC's network or a disk's volume and before the engine heard of it (a proxy holds
 * Docker's answer back). After a restart, each resource exists with its Docker object, or neither does.
 */
describe("an engine killed between Docker's action and its own record of it", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-kill-windows-"));
  let proxy: DockerSocketProxy;
  let engine: KillableEngine;
  let engineId: string;

  before(async () => {
    await ensureTestImages(docker);
    proxy = await DockerSocketProxy.start();
    engine = await KillableEngine.start(dataDir, { DOCKER_HOST: `unix://${proxy.socketPath}`, ECI_METRICS_INTERVAL_MS: "0" });
    const disk = (await engine.api.request("POST", "/v1/disks", { name: "probe" })).body;
    const [volume] = (await docker.listVolumes({ filters: { name: [diskVolumeName(disk.id)] } })).Volumes ?? [];
    engineId = volume.Labels[LABELS.engine];
    expect((await engine.api.request("DELETE", `/v1/disks/${disk.id}`)).status).to.equal(204);
  });
  after(async () => {
    if (engine?.running) await engine.stop();
    await proxy?.close();
    await removeEngineLeftovers(engineId, dataDir);
  });

  /** Sends the request, kills the engine once Docker has answered `method path`, and starts it again. */
  const killWhenDockerAnswers = async (operation: string, method: string, dockerPath: RegExp, request: () => Promise<{ status: number }>) => {
    const held = proxy.hold(method, dockerPath);
    const answer = request().then(
      (r) => r.status,
      () => "no answer",
    );
    await held;
    await engine.killAfter({ operation, round: 1, phase: "during", delayMs: 0 });
    expect(await answer, "the engine never answered").to.equal("no answer");
    await engine.restart();
  };
  const census = async () => {
    const c = await takeCensus(engine.api, engineId, () => false, dataDir);
    expect(isClean(c), JSON.stringify(c)).to.equal(true);
    return c;
  };
  const list = async (kind: string) => (await engine.api.request("GET", `/v1/${kind}`)).body.items as Array<{ id: string; name: string }>;
  const volumeExists = async (diskId: string) => ((await docker.listVolumes({ filters: { name: [diskVolumeName(diskId)] } })).Volumes ?? []).some((v) => v.Name === diskVolumeName(diskId));
  const networkExists = async (vpcId: string) => (await docker.listNetworks({ filters: { name: [vpcNetworkName(vpcId)] } })).length === 1;

  it("a VPC created as the engine died exists with the network Docker made", async () => {
    await killWhenDockerAnswers("VPC create", "POST", /\/networks\/create$/, () => engine.api.request("POST", "/v1/vpcs", { name: "born", cidr: "10.214.1.0/24" }));
    const [vpc] = (await list("vpcs")).filter((v) => v.name === "born");
    expect(vpc, "the VPC").to.not.equal(undefined);
    expect(await networkExists(vpc.id)).to.equal(true);
    await census();
    expect((await engine.api.request("DELETE", `/v1/vpcs/${vpc.id}`)).status).to.equal(204);
  });

  it("a VPC whose deletion the engine died in keeps a network until its deletion answers", async () => {
    const vpc = (await engine.api.request("POST", "/v1/vpcs", { name: "dying", cidr: "10.214.2.0/24" })).body;
    await killWhenDockerAnswers("VPC delete", "DELETE", new RegExp(`/networks/${vpcNetworkName(vpc.id)}$`), () => engine.api.request("DELETE", `/v1/vpcs/${vpc.id}`));
    expect((await list("vpcs")).map((v) => v.id)).to.include(vpc.id);
    expect(await networkExists(vpc.id)).to.equal(true);
    await census();
    expect((await engine.api.request("DELETE", `/v1/vpcs/${vpc.id}`)).status).to.equal(204);
    expect(await networkExists(vpc.id)).to.equal(false);
  });

  it("a disk whose creation the engine died in leaves nothing behind: its storage and volume are removed at the next start", async () => {
    // The create never answered: like a request that timed out, the disk was not made, and nothing of it may be left.
    await killWhenDockerAnswers("disk create", "POST", /\/volumes\/create$/, () => engine.api.request("POST", "/v1/disks", { name: "born" }));
    const orphans = (await takeCensus(engine.api, engineId, () => false, dataDir)).orphans;
    expect({ disks: (await list("disks")).filter((d) => d.name === "born"), orphans }).to.deep.equal({ disks: [], orphans: [] });
  });

  it("a disk whose deletion the engine died in keeps a volume until its deletion answers", async () => {
    const disk = (await engine.api.request("POST", "/v1/disks", { name: "dying" })).body;
    await killWhenDockerAnswers("disk delete", "DELETE", new RegExp(`/volumes/${diskVolumeName(disk.id)}$`), () => engine.api.request("DELETE", `/v1/disks/${disk.id}`));
    expect((await list("disks")).map((d) => d.id)).to.include(disk.id);
    expect(await volumeExists(disk.id)).to.equal(true);
    expect((await engine.api.request("DELETE", `/v1/disks/${disk.id}`)).status).to.equal(204);
    expect(await volumeExists(disk.id)).to.equal(false);
  });
});
