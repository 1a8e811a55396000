import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { ContainerGroup } from "@eci/sdk";
import { TEST_IMAGES, ensureTestImages } from "../../scripts/build-test-images";
import { exited, freePort, startEngineProcess } from "../helpers/engine-process";
import { deleteAllGroups, docker } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

describe("engine restarts", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-restart-"));
  let proc: ChildProcess | undefined;
  after(() => {
    proc?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("converges after SIGKILL during creates, with no duplicate and no orphan containers, then stops gracefully on SIGTERM", async () => {
    await ensureTestImages(docker);
    const port = await freePort();
    let engine = await startEngineProcess(dataDir, port);
    proc = engine.proc;
    const spec = (i: number) => ({
      name: `crash-${i}`,
      containers: [
        { name: "setup", type: "init" as const, image: TEST_IMAGES.busybox, command: ["sh", "-c", "sleep 0.1"] },
        { name: "a", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] },
        { name: "b", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] },
      ],
    });
    const groups: ContainerGroup[] = await Promise.all(Array.from({ length: 6 }, (_, i) => engine.api.createGroup(spec(i))));
    const ids = new Set(groups.map((g) => g.id));
    const owned = async () => (await docker.listContainers({ all: true, filters: { label: ["eci.group"] } })).filter((c) => ids.has(c.Labels["eci.group"]));
    await waitFor("the first containers", async () => ((await owned()).length >= 2 ? true : undefined));
    proc.kill("SIGKILL");
    await exited(proc);

    engine = await startEngineProcess(dataDir, port);
    proc = engine.proc;
    await new Promise((r) => setTimeout(r, 150));
    proc.kill("SIGKILL");
    await exited(proc);

    engine = await startEngineProcess(dataDir, port);
    proc = engine.proc;
    for (const g of groups) await engine.api.waitForGroup(g.id, "running and healthy", (x) => x.status === "running" && x.healthStatus === "healthy");

    const containers = await owned();
    const engineId = containers[0].Labels["eci.engine"];
    const byGroup = new Map<string, string[]>();
    for (const c of containers) byGroup.set(c.Labels["eci.group"], [...(byGroup.get(c.Labels["eci.group"]) ?? []), c.Labels["eci.container"] || "(sandbox)"]);
    for (const g of groups) expect(byGroup.get(g.id)?.sort(), g.id).to.deep.equal(["(sandbox)", "a", "b", "setup"]);
    const everything = await docker.listContainers({ all: true, filters: { label: [`eci.engine=${engineId}`] } });
    expect(everything.length, "containers of this engine outside its groups").to.equal(containers.length);
    const events = await engine.api.events(groups[0].id);
    expect(events.filter((e) => e.reason === "Started" && e.container === "a")).to.have.length(1);

    await deleteAllGroups(engine.api);
    expect(await docker.listContainers({ all: true, filters: { label: [`eci.engine=${engineId}`] } })).to.have.length(0);
    proc.kill("SIGTERM");
    expect(await exited(proc)).to.equal(0);
  });
});
