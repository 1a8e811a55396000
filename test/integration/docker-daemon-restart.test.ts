import { expect } from "chai";
import type { ContainerGroupSpecInput, Event } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { canRestartDockerd, dockerdLogTail, withDockerdStopped } from "../helpers/docker-daemon";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const app = (env: Record<string, string> = {}) => ({ name: "app", image: TEST_IMAGES.busybox, command: ["sleep", "3600"], env });

/**
 * The machine's Docker daemon stopped under running, pending and updating groups, then started again
 * (always, as scripts/start-dockerd.sh does). Not a second daemon: the one every other test uses.
 */
describe("the Docker daemon stopped and started again", function () {
  let t: TestEngine;
  before(async function () {
    if (!canRestartDockerd()) this.skip();
    t = await startTestEngine();
  });
  after(async () => t?.close());
  // When a round fails, what dockerd said while it stopped and started again tells why.
  afterEach(function () {
    if (this.currentTest?.state === "failed") console.error(`dockerd's log, last lines:\n${dockerdLogTail(40)}`);
  });

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`after ${signal}: the API answers throughout, groups recover by their policy, each event once, nothing left Dead`, async function () {
      // Stopping dockerd waits for its containers, starting it again replays them: on a loaded machine
      // that alone can take a minute, so the round's own waits (which say what they last saw) end first.
      this.timeout(360_000);
      const spec = (name: string, more: Partial<ContainerGroupSpecInput> = {}): ContainerGroupSpecInput => ({ name, restartPolicy: "Always", containers: [app()], ...more });
      const running = await t.api.createGroup(spec(`running-${signal}`));
      const updating = await t.api.createGroup(spec(`updating-${signal}`));
      for (const g of [running, updating]) await t.api.waitForGroup(g.id, "running", (x) => x.status === "running" && x.healthStatus === "healthy");
      const pending = await t.api.createGroup(
        spec(`pending-${signal}`, { restartPolicy: "OnFailure", containers: [{ name: "setup", type: "init", image: TEST_IMAGES.busybox, command: ["sleep", "3"] }, app()] }),
      );
      await t.api.waitForGroup(pending.id, "in its init container", (x) => x.containers[0].state === "running");
      const put = await t.api.request("PUT", `/v1/container-groups/${updating.id}`, { ...spec(`updating-${signal}`), containers: [app({ MODE: "two" })] });
      expect(put.status).to.equal(202);
      const groups = [running, updating, pending];
      const seen = new Map<string, number>();
      for (const g of groups) seen.set(g.id, (await t.api.events(g.id)).length);

      const answers: string[] = [];
      const ask = async (method: string, path: string, body?: unknown) => {
        const reply = await Promise.race([t.api.request(method, path, body), sleep(10_000).then(() => ({ status: "no answer in 10 s", body: null }))]);
        answers.push(`${method} ${path} → ${reply.status}`);
        return reply;
      };
      const created = await withDockerdStopped(signal, async () => {
        await ask("GET", "/v1/container-groups");
        await ask("GET", `/v1/container-groups/${running.id}`);
        await ask("GET", `/v1/container-groups/${running.id}/events`);
        await ask("GET", `/v1/container-groups/${running.id}/containers/app/logs`);
        const reply = await ask("POST", "/v1/container-groups", spec(`created-while-down-${signal}`));
        await sleep(2_000); // passes fail meanwhile, and are retried
        await ask("GET", "/v1/container-groups");
        return reply.body as { id: string; name: string };
      });
      expect(answers).to.deep.equal([
        "GET /v1/container-groups → 200",
        `GET /v1/container-groups/${running.id} → 200`,
        `GET /v1/container-groups/${running.id}/events → 200`,
        `GET /v1/container-groups/${running.id}/containers/app/logs → 503`,
        "POST /v1/container-groups → 202",
        "GET /v1/container-groups → 200",
      ]);

      for (const g of [...groups, created]) {
        await t.api.waitForGroup(g.id, "to run again", (x) => x.status === "running" && x.containers.every((c) => c.state === "running" || c.reason === "Completed"), 180_000);
      }
      const [updatedApp] = await docker.listContainers({ filters: { label: [`eci.group=${updating.id}`, "eci.container=app"] } });
      expect((await docker.getContainer(updatedApp.Id).inspect()).Config.Env).to.include("MODE=two");

      const owned = await docker.listContainers({ all: true, filters: { label: [`eci.engine=${t.engine.engineId}`] } });
      expect(owned.filter((c) => c.State === "dead").map((c) => c.Names[0]), "containers left Dead").to.deep.equal([]);
      for (const g of [...groups, created]) {
        const mine = owned.filter((c) => c.Labels["eci.group"] === g.id).map((c) => c.Labels["eci.container"] || "(sandbox)");
        const declared = g.id === pending.id ? ["(sandbox)", "app", "setup"] : ["(sandbox)", "app"];
        expect(mine.sort(), `${g.name}: one container per declared container`).to.deep.equal(declared);
      }
      for (const g of groups) {
        const since = (await t.api.events(g.id)).slice(seen.get(g.id));
        const key = (e: Event) => `${e.reason}/${e.container ?? ""}/${e.message}`;
        // A retried pass that reported again would record the same event twice in a row.
        const repeated = since.map(key).filter((k, i, all) => i > 0 && all[i - 1] === k);
        expect(repeated, `${g.name}: events recorded twice in a row`).to.deep.equal([]);
        expect(since.filter((e) => e.reason === "SandboxChanged").length, `${g.name}: SandboxChanged`).to.be.at.most(1);
      }
    });
  }
});
