import path from "node:path";
import { expect } from "chai";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { EXAMPLES, PULUMI_VERSIONS, captureProgram, installFixture } from "./helpers/pulumi-install";
import { ProviderServer } from "./helpers/provider-server";

describe("examples/web through the provider server", function () {
  this.timeout(180_000);
  let engine: TestEngine;
  let server: ProviderServer;
  let dir: string;

  before(async function () {
    this.timeout(600_000);
    dir = installFixture(PULUMI_VERSIONS[0], path.join(EXAMPLES, "web"));
    engine = await startTestEngine();
    server = await ProviderServer.start(dir);
    await server.configure({ "eci:endpoint": engine.api.url, "eci:accessKey": engine.api.key });
  });
  after(async () => {
    server?.stop();
    await engine?.close();
  });

  it("deploys a group whose page is served on its published port", async () => {
    // The program's own config (`eci-web:image`) points it at the locally built busybox: tests pull nothing.
    process.env.PULUMI_CONFIG = JSON.stringify({ "eci-web:image": TEST_IMAGES.busybox, "eci-web:message": "Hello from the example" });
    const [resource] = captureProgram(dir);
    delete process.env.PULUMI_CONFIG;
    expect(resource.type).to.equal("pulumi-nodejs:dynamic/eci:ContainerGroup");
    const urn = "urn:pulumi:dev::eci-web::pulumi-nodejs:dynamic/eci:ContainerGroup::web";
    const { inputs, failures } = await server.check(urn, {}, resource.inputs);
    expect(failures).to.deep.equal([]);
    const { id, props } = await server.create(urn, inputs);
    expect(props).to.deep.include({ status: "running", healthStatus: "healthy", cpu: 0.25, memory: 0.5 });
    const res = await fetch(`http://${props.ports[0].hostIp}:${props.ports[0].hostPort}/`);
    expect(await res.text()).to.equal("Hello from the example\n");
    await server.delete(id, urn, props, inputs);
    expect(await docker.listContainers({ all: true, filters: { label: [`eci.group=${id}`] } })).to.have.length(0);
  });
});
