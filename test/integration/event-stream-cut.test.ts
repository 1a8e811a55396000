import { expect } from "chai";
import Docker from "dockerode";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { DockerSocketProxy } from "../helpers/docker-socket-proxy";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

describe("a cut Docker event stream", () => {
  let proxy: DockerSocketProxy;
  let t: TestEngine;

  before(async () => {
    proxy = await DockerSocketProxy.start();
    // No periodic resync within the test's reach: only the event stream (and its resumption) bring passes.
    t = await startTestEngine({ resyncIntervalMs: 600_000 }, undefined, { docker: new Docker({ socketPath: proxy.socketPath }) });
  });
  after(async () => {
    await t?.close();
    await proxy?.close();
  });

  it("heals what it missed once the stream is back: a container that ended meanwhile is restarted", async () => {
    const group = await t.api.createGroup({
      name: "unheard",
      restartPolicy: "Always",
      containers: [{ name: "app", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] }],
    });
    // Healthy: the engine has no pass left to make for the group until something tells it.
    await t.api.waitForGroup(group.id, "running and healthy", (g) => g.status === "running" && g.healthStatus === "healthy");
    await waitFor("the engine to watch events", () => (proxy.eventStreams > 0 ? true : undefined));

    proxy.cutEvents();
    const [app] = await docker.listContainers({ filters: { label: [`eci.group=${group.id}`, "eci.role=work"] } });
    await docker.getContainer(app.Id).kill();
    // Nothing tells the engine while the stream is down.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await t.api.getGroup(group.id)).containers[0].restartCount).to.equal(0);

    proxy.restoreEvents();
    const healed = await t.api.waitForGroup(group.id, "the killed container to be restarted", (g) => g.containers[0].state === "running" && g.containers[0].restartCount === 1, 20_000);
    expect(healed.status).to.equal("running");
    expect((await t.api.events(group.id)).filter((e) => e.reason === "Failed" && e.container === "app")).to.have.length(1);
  });
});
