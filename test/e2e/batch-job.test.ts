import net from "node:net";
import { expect } from "chai";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { waitFor } from "../helpers/wait-for";
import { exampleTarget } from "./helpers/provider-target";
import { captureProgram, captureStack } from "./helpers/pulumi-install";
import { ProviderCallError } from "./helpers/provider-server";
import { Stack } from "./helpers/stack";
import { hourlyCosts, statesOf } from "./helpers/stack-cost";

type Props = Record<string, any>;

describe("examples/batch-job through the provider server", function () {
  this.timeout(180_000);
  const t = exampleTarget("batch-job");
  const config = { "eci-batch-job:image": TEST_IMAGES.busybox };

  it("creates the job and waits until it has succeeded; the stack exports its status and a cost of 0 once it is done", async () => {
    const stack = new Stack(t.server, "eci-batch-job");
    await stack.up(captureProgram(t.dir, config));
    const job = stack.get("report");
    expect(job.props).to.deep.include({ status: "succeeded", statusReason: "every work container completed", hourlyPrice: 0 });
    expect(job.props.containers.map((c: Props) => [c.name, c.state, c.reason, c.exitCode])).to.deep.equal([
      ["prepare", "terminated", "Completed", 0],
      ["report", "terminated", "Completed", 0],
    ]);
    expect(t.server.output.some((l) => l.includes(`(${job.id}): waiting for succeeded`))).to.equal(true);
    expect(await t.engine.api.logs(job.id, "prepare")).to.equal("prepared 5 orders\n");
    expect(await t.engine.api.logs(job.id, "report")).to.equal("east 1.99\nnorth 52.50\nsouth 25.30\ntotal 79.79\n");

    expect(captureStack(t.dir, config, statesOf([job])).outputs).to.deep.include({ jobId: job.id, status: "succeeded", exitCodes: { prepare: 0, report: 0 } });
    // Billing stopped when the job succeeded: the stack costs nothing more.
    expect(await hourlyCosts(t.dir, config, [job], t.engine.api)).to.deep.equal({ exported: 0, engine: 0 });
    await stack.destroy();
  });

  it("fails the up of a job whose work container fails, with its exit code, reason and last log lines, and keeps the job in the state", async () => {
    const [program] = captureProgram(t.dir, { ...config, "eci-batch-job:orders": "north,1250\nwest;12\n" });
    const urn = new Stack(t.server, "eci-batch-job").urn("ContainerGroup", "report");
    const { inputs } = await t.server.check(urn, {}, program.inputs);
    const err = await t.server.create(urn, inputs).then(() => undefined, (e: ProviderCallError) => e);
    expect(err).to.be.instanceOf(ProviderCallError);
    const failure = err?.initFailure;
    expect(failure?.id).to.match(/^cg-[a-z0-9]{8}$/);
    expect(failure?.properties).to.deep.include({ status: "failed", statusReason: "container report exited with code 2" });
    expect(err?.message).to.contain(`ContainerGroup ${inputs.name} (${failure?.id}) will not become succeeded`);
    expect(err?.message).to.contain("container report ended with Error (exit code 2)");
    expect(err?.message).to.match(/last line of container report's log:\n {4}order "west;12" is not region,cents$/);
    await t.server.delete(failure?.id as string, urn, failure?.properties as Props, inputs);
  });

  it("refuses waitFor succeeded for a group that always restarts its containers", async () => {
    const [program] = captureProgram(t.dir, config);
    const { failures } = await t.server.check(new Stack(t.server, "eci-batch-job").urn("ContainerGroup", "report"), {}, { ...program.inputs, restartPolicy: "Always" });
    expect(failures).to.deep.equal([
      { property: "waitFor", reason: "`succeeded` waits for a batch job to finish, and a group with restartPolicy Always never finishes: set restartPolicy to Never or OnFailure, or wait for `healthy`" },
    ]);
  });

  it("shows the price of a running job, and 0 once a refresh sees it succeeded", async () => {
    const stack = new Stack(t.server, "eci-batch-job");
    const [program] = captureProgram(t.dir, config);
    // A job that runs until the test connects to its port.
    const gated = { name: "gated", image: TEST_IMAGES.busybox, command: ["sh", "-c", "nc -l -p 8080 < /dev/null"], ports: [{ port: 8080 }], cpu: 0.25, memory: 0.5 };
    const job = await stack.create("ContainerGroup", "gated", { ...program.inputs, name: "gated", volumes: [], shmSizeMB: undefined, containers: [gated], waitFor: "running" });
    expect(job.props.status).to.equal("running");
    expect(job.props.hourlyPrice).to.be.above(0).and.to.equal((await t.engine.api.getGroup(job.id)).hourlyPrice);

    const [hostIp, hostPort] = [job.props.ports[0].hostIp, job.props.ports[0].hostPort];
    await waitFor("the job to finish", async () => {
      await new Promise<void>((resolve) => net.connect(hostPort, hostIp).once("connect", function (this: net.Socket) { this.end(); resolve(); }).once("error", () => resolve()));
      return (await t.engine.api.getGroup(job.id)).status === "succeeded" ? true : undefined;
    });
    const refreshed = await t.server.read(job.id, job.urn, job.props, job.inputs);
    expect(refreshed.props).to.deep.include({ status: "succeeded", hourlyPrice: 0 });
    expect((await t.server.diff(job.id, job.urn, refreshed.props, job.inputs, refreshed.inputs)).changes).to.equal("none");
    await stack.destroy();
  });
});
