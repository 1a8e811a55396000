import path from "node:path";
import { expect } from "chai";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { TestRegistry } from "../helpers/registry";
import { EXAMPLES, PULUMI_VERSIONS, captureProgram, installFixture, resourceInputs, withoutSecrets } from "./helpers/pulumi-install";
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

describe("examples/private-image through the provider server", function () {
  this.timeout(180_000);
  let engine: TestEngine;
  let registry: TestRegistry;
  let server: ProviderServer;
  let dir: string;

  before(async function () {
    this.timeout(600_000);
    dir = installFixture(PULUMI_VERSIONS[0], path.join(EXAMPLES, "private-image"));
    engine = await startTestEngine();
    registry = await TestRegistry.start();
    server = await ProviderServer.start(dir);
    await server.configure({ "eci:endpoint": engine.api.url, "eci:accessKey": engine.api.key });
  });
  after(async () => {
    server?.stop();
    await registry?.stop();
    await engine?.close();
  });

  it("deploys a credential, a cache of the private image, and a group that starts from the cache without a pull", async () => {
    const image = await registry.push(TEST_IMAGES.busybox, "team/web:1");
    process.env.PULUMI_CONFIG = JSON.stringify({
      "eci-private-image:image": image,
      "eci-private-image:username": registry.username,
      "eci-private-image:password": registry.password,
      "eci-private-image:command": JSON.stringify(["sh", "-c", "echo served from the cache > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"]),
    });
    const resources = captureProgram(dir);
    delete process.env.PULUMI_CONFIG;
    // What `pulumi up` does: each resource in dependency order, the ids it depends on resolved.
    const ids: Record<string, string> = {};
    let pullsByCache = 0;
    const deployed: Array<{ type: string; urn: string; id: string; inputs: Record<string, unknown>; props: Record<string, any> }> = [];
    for (const type of ["RegistryCredential", "ImageCache", "ContainerGroup"]) {
      const name = resources.find((r) => r.type.endsWith(`:${type}`))?.name as string;
      const urn = `urn:pulumi:dev::eci-private-image::pulumi-nodejs:dynamic/eci:${type}::${name}`;
      const registered = JSON.parse(JSON.stringify(withoutSecrets(resourceInputs(resources, type))).replace(/"([a-z]+)-id"/g, (whole, n: string) => (ids[n] ? JSON.stringify(ids[n]) : whole)));
      const { inputs, failures } = await server.check(urn, {}, registered);
      expect(failures).to.deep.equal([]);
      const { id, props } = await server.create(urn, inputs);
      ids[name] = id;
      deployed.push({ type, urn, id, inputs, props });
      if (type === "ImageCache") {
        await docker.getImage(image).remove(); // the pull's own tag: only the cache's pin keeps the image now
        pullsByCache = registry.manifestRequests(image).length;
      }
    }
    const [credential, cache, group] = deployed;
    expect(credential.props).to.not.have.property("password");
    expect(cache.props).to.deep.include({ status: "available", registryCredentialIds: [credential.id] });
    expect(group.props).to.deep.include({ status: "running", healthStatus: "healthy", imageCacheId: cache.id });
    // The cache pulled the image; the group's start asked the registry for nothing more.
    expect(pullsByCache).to.be.above(0);
    expect(registry.manifestRequests(image)).to.have.length(pullsByCache);
    const res = await fetch(`http://${group.props.ports[0].hostIp}:${group.props.ports[0].hostPort}/`);
    expect(await res.text()).to.equal("served from the cache\n");
    expect((await engine.api.events(group.id)).map((e) => e.message)).to.include(`Image ${image} served from image cache ${cache.id}, without pulling`);
    for (const r of deployed.reverse()) await server.delete(r.id, r.urn, r.props, r.inputs);
    expect(await docker.listContainers({ all: true, filters: { label: [`eci.group=${group.id}`] } })).to.have.length(0);
  });
});
