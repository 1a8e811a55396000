import { expect } from "chai";
import { groupFixture } from "../testing/group-fixture";
import { describeGroup, judgeGroup } from "./group-conditions";

const pending = groupFixture({}, { status: "pending", statusReason: "pulling images", healthStatus: "checking", privateIp: null }, { app: { state: "waiting", reason: "ContainerCreating", ready: false } });

describe("judgeGroup", () => {
  it("waits for a pending group, saying what it and its containers are doing", () => {
    expect(judgeGroup("running", pending)).to.deep.equal({ state: "waiting", progress: "pending (pulling images), health checking; app waiting (ContainerCreating)" });
  });

  it("meets running when the group runs, healthy once it is also healthy, and both when it already succeeded", () => {
    const checking = groupFixture({}, { healthStatus: "checking" });
    expect(judgeGroup("running", checking)).to.deep.equal({ state: "met", said: "running" });
    expect(judgeGroup("healthy", checking).state).to.equal("waiting");
    expect(judgeGroup("healthy", groupFixture())).to.deep.equal({ state: "met", said: "healthy" });
    expect(judgeGroup("healthy", groupFixture({}, { status: "succeeded" }))).to.deep.equal({ state: "met", said: "succeeded" });
  });

  it("does not count a group that is being updated as running", () => {
    expect(judgeGroup("running", groupFixture({}, { status: "updating" })).state).to.equal("waiting");
  });

  it("gives up at once on a group that failed, is being deleted, or is gone", () => {
    expect(judgeGroup("running", groupFixture({}, { status: "failed", statusReason: "image eci-test/nope:1 not found" }))).to.deep.equal({
      state: "impossible",
      why: "the group failed: image eci-test/nope:1 not found",
    });
    expect(judgeGroup("healthy", groupFixture({}, { status: "deleting" }))).to.deep.equal({ state: "impossible", why: "the group is being deleted" });
    expect(judgeGroup("running", null)).to.deep.equal({ state: "impossible", why: "the group was deleted" });
  });

  it("gives up on healthy when a work container ended abnormally and restartPolicy Never keeps it down", () => {
    const ended = groupFixture({ restartPolicy: "Never" }, { healthStatus: "unhealthy" }, { app: { state: "terminated", reason: "Error", exitCode: 3, ready: false } });
    expect(judgeGroup("healthy", ended)).to.deep.equal({ state: "impossible", why: "container app ended with Error (exit code 3) and restartPolicy Never will not restart it" });
    const restarting = groupFixture({}, { healthStatus: "unhealthy" }, { app: { state: "waiting", reason: "CrashLoopBackOff", exitCode: 3, restartCount: 2, ready: false } });
    expect(judgeGroup("healthy", restarting)).to.deep.equal({ state: "waiting", progress: "running, health unhealthy; app waiting (CrashLoopBackOff, exit code 3, 2 restarts)" });
  });

  it("meets deleted once the group is gone", () => {
    expect(judgeGroup("deleted", groupFixture({}, { status: "deleting" })).state).to.equal("waiting");
    expect(judgeGroup("deleted", null)).to.deep.equal({ state: "met", said: "deleted" });
  });

  it("leaves completed init containers out of what it describes", () => {
    const g = groupFixture({ containers: [{ name: "setup", type: "init", image: "a:1" }, { name: "app", image: "a:1" }] }, { status: "pending" }, { setup: { state: "terminated", reason: "Completed", exitCode: 0, ready: true } });
    expect(describeGroup(g)).to.equal("pending, health healthy");
  });
});
