import net from "node:net";
import { expect } from "chai";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const BUSYBOX = TEST_IMAGES.busybox;

describe("container logs", () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t?.close());

  it("returns the last lines with tail, nothing before since, and timestamps on request", async () => {
    const group = await t.api.createGroup({ name: "counter", containers: [{ name: "count", image: BUSYBOX, command: ["sh", "-c", "seq 1 5; sleep 0.3; echo oops >&2; sleep 3600"] }] });
    await waitFor("five lines", async () => ((await t.api.logs(group.id, "count")).includes("oops") ? true : undefined));
    expect(await t.api.logs(group.id, "count")).to.equal("1\n2\n3\n4\n5\noops\n");
    expect(await t.api.logs(group.id, "count", "?tail=2")).to.equal("5\noops\n");
    expect(await t.api.logs(group.id, "count", `?since=${Math.floor(Date.now() / 1000) + 60}`)).to.equal("");
    const stamped = (await t.api.logs(group.id, "count", "?tail=1&timestamps=true")).trim();
    expect(stamped).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z oops$/);
  });

  it("follows the output as it is written", async () => {
    const group = await t.api.createGroup({ name: "ticker", containers: [{ name: "tick", image: BUSYBOX, command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done"] }] });
    await t.api.waitForStatus(group.id, "running");
    const controller = new AbortController();
    const res = await fetch(`${t.api.url}/v1/container-groups/${group.id}/containers/tick/logs?follow=true&tail=0`, {
      headers: { authorization: `Bearer ${t.api.key}` },
      signal: controller.signal,
    });
    expect(res.status).to.equal(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    while ((text.match(/\n/g) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const numbers = text.trim().split("\n").map((line) => Number(line.replace("tick ", "")));
    expect(numbers.length).to.be.at.least(3);
    numbers.slice(1).forEach((n, i) => expect(n).to.equal(numbers[i] + 1));
  });

  it("keeps at most maxLogSizeMB of output, dropping the oldest first", async () => {
    const group = await t.api.createGroup({
      name: "chatty",
      containers: [{ name: "talk", image: BUSYBOX, maxLogSizeMB: 1, command: ["sh", "-c", "seq 1 200000; echo done; sleep 3600"] }],
    });
    await waitFor("the last line", async () => ((await t.api.logs(group.id, "talk", "?tail=1")) === "done\n" ? true : undefined));
    const logs = await t.api.logs(group.id, "talk");
    expect(Buffer.byteLength(logs)).to.be.below(1024 * 1024);
    expect(logs.startsWith("1\n")).to.equal(false);
    expect(logs.endsWith("199999\n200000\ndone\n")).to.equal(true);
  });

  it("answers 404 for a container the group does not have and 409 for one not created yet", async () => {
    const group = await t.api.createGroup({
      name: "not-yet",
      containers: [
        { name: "wait", type: "init", image: BUSYBOX, command: ["sleep", "3"] },
        { name: "app", image: BUSYBOX, command: ["sleep", "3600"] },
      ],
    });
    await t.api.waitForGroup(group.id, "to run its init container", (g) => g.containers[0].state === "running");
    const missing = await t.api.request("GET", `/v1/container-groups/${group.id}/containers/nope/logs`);
    expect(missing.status).to.equal(404);
    const early = await t.api.request("GET", `/v1/container-groups/${group.id}/containers/app/logs`);
    expect(early.status).to.equal(409);
    expect(early.body.code).to.equal("container_not_started");
    const bad = await t.api.request("GET", `/v1/container-groups/${group.id}/containers/wait/logs?tail=-1`);
    expect(bad.status).to.equal(422);
    expect(bad.body.details[0]).to.deep.include({ path: "tail", value: "-1" });
  });
});

describe("image pulls", () => {
  let t: TestEngine;
  let silent: net.Server;
  before(async () => {
    t = await startTestEngine({ imagePullTimeoutMs: 1_500 });
    // A "registry" that accepts connections and never answers: a pull that hangs.
    silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });
  after(async () => {
    silent?.close();
    await t?.close();
  });

  it("fails the group with ErrImagePull and a Warning naming the image when a pull fails", async () => {
    const image = "127.0.0.1:9/team/nothing:1";
    const group = await t.api.createGroup({ name: "no-registry", containers: [{ name: "app", image }] });
    const g = await t.api.waitForStatus(group.id, "failed");
    expect(g.containers[0]).to.include({ state: "waiting", reason: "ErrImagePull" });
    expect(g.statusReason).to.match(new RegExp(`^container app: registry 127\\.0\\.0\\.1:9 could not be reached for image ${image.replace(/\./g, "\\.")}: `));
    const warning = (await t.api.events(group.id)).find((e) => e.type === "Warning" && e.container === "app");
    expect(warning?.message).to.contain(image);
  });

  it("fails the group with ErrImageNeverPull when the image is absent and the policy is Never", async () => {
    const group = await t.api.createGroup({ name: "never-pull", containers: [{ name: "app", image: "eci-test/absent:1", imagePullPolicy: "Never" }] });
    const g = await t.api.waitForStatus(group.id, "failed");
    expect(g.containers[0]).to.include({ state: "waiting", reason: "ErrImageNeverPull" });
    expect(g.statusReason).to.equal("container app: image eci-test/absent:1 is not present and the pull policy is Never");
  });

  it("fails the group when a pull takes longer than the pull timeout", async () => {
    const { port } = silent.address() as net.AddressInfo;
    const group = await t.api.createGroup({ name: "slow-pull", containers: [{ name: "app", image: `127.0.0.1:${port}/slow:1` }] });
    const g = await t.api.waitForStatus(group.id, "failed", 15_000);
    expect(g.statusReason).to.equal(`container app: failed to pull image 127.0.0.1:${port}/slow:1: pulling took over 1.5s`);
  });
});
