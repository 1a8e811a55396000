import { expect } from "chai";
import { TEST_IMAGES, UDP_ECHO_PORT } from "../../scripts/build-test-images";
import { httpGet, redisCommands, udpEcho } from "../helpers/net-probes";
import { docker, engineContainers } from "../helpers/test-engine";
import { TestRegistry } from "../helpers/registry";
import { exampleTarget } from "./helpers/provider-target";
import { captureProgram } from "./helpers/pulumi-install";
import { hourlyCosts } from "./helpers/stack-cost";
import { Stack, UNKNOWN } from "./helpers/stack";

describe("examples/web through the provider server", function () {
  this.timeout(180_000);
  const t = exampleTarget("web");

  it("deploys a group whose page is served on its published port", async () => {
    // The program's own config (`eci-web:image`) points it at the locally built busybox: tests pull nothing.
    const config = { "eci-web:image": TEST_IMAGES.busybox, "eci-web:message": "Hello from the example" };
    const [resource] = captureProgram(t.dir, config);
    expect(resource.type).to.equal("pulumi-nodejs:dynamic/eci:ContainerGroup");
    const urn = "urn:pulumi:dev::eci-web::pulumi-nodejs:dynamic/eci:ContainerGroup::web";
    const { inputs, failures } = await t.server.check(urn, {}, resource.inputs);
    expect(failures).to.deep.equal([]);
    const { id, props } = await t.server.create(urn, inputs);
    expect(props).to.deep.include({ status: "running", healthStatus: "healthy", cpu: 0.25, memory: 0.5 });
    const res = await fetch(`http://${props.ports[0].hostIp}:${props.ports[0].hostPort}/`);
    expect(await res.text()).to.equal("Hello from the example\n");
    // The hourly cost the stack exports is what the engine charges for the group.
    const costs = await hourlyCosts(t.dir, config, [{ type: "ContainerGroup", name: "web", urn, id, inputs, props }], t.engine.api);
    expect(costs.exported).to.equal(costs.engine).and.to.be.above(0);
    await t.server.delete(id, urn, props, inputs);
    expect(await docker.listContainers({ all: true, filters: { label: [`eci.group=${id}`] } })).to.have.length(0);
  });
});

describe("examples/private-image through the provider server", function () {
  this.timeout(180_000);
  const t = exampleTarget("private-image");
  let registry: TestRegistry;
  before(async () => {
    registry = await TestRegistry.start();
  });
  after(async () => registry?.stop());

  it("deploys a credential, a cache of the private image, and a group that starts from the cache without a pull", async () => {
    const image = await registry.push(TEST_IMAGES.busybox, "team/web:1");
    const config = {
      "eci-private-image:image": image,
      "eci-private-image:username": registry.username,
      "eci-private-image:password": registry.password,
      "eci-private-image:command": ["sh", "-c", "echo served from the cache > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
    };
    const program = captureProgram(t.dir, config);
    const stack = new Stack(t.server, "eci-private-image");
    let pullsByCache = 0;
    for (const r of program) {
      const created = await stack.add(r);
      if (created.type === "ImageCache") {
        await docker.getImage(image).remove(); // the pull's own tag: only the cache's pin keeps the image now
        pullsByCache = registry.manifestRequests(image).length;
      }
    }
    const [credential, cache, group] = [...stack.resources.values()];
    expect(credential.props).to.not.have.property("password");
    expect(cache.props).to.deep.include({ status: "available", registryCredentialIds: [credential.id] });
    expect(group.props).to.deep.include({ status: "running", healthStatus: "healthy", imageCacheId: cache.id });
    // The cache pulled the image; the group's start asked the registry for nothing more.
    expect(pullsByCache).to.be.above(0);
    expect(registry.manifestRequests(image)).to.have.length(pullsByCache);
    const res = await fetch(`http://${group.props.ports[0].hostIp}:${group.props.ports[0].hostPort}/`);
    expect(await res.text()).to.equal("served from the cache\n");
    expect((await t.engine.api.events(group.id)).map((e) => e.message)).to.include(`Image ${image} served from image cache ${cache.id}, without pulling`);
    const costs = await hourlyCosts(t.dir, config, [...stack.resources.values()], t.engine.api);
    expect(costs.exported).to.equal(costs.engine).and.to.be.above(0);
    await stack.destroy();
    expect(await docker.listContainers({ all: true, filters: { label: [`eci.group=${group.id}`] } })).to.have.length(0);
  });
});

describe("examples/quickstart through the provider server", function () {
  this.timeout(180_000);
  const t = exampleTarget("quickstart");
  let stack: Stack;
  const page = "Hello from the quickstart";

  const config = {
    "eci-quickstart:image": TEST_IMAGES.busybox,
    "eci-quickstart:command": ["sh", "-c", `mkdir -p /www && echo ${page} > /www/index.html && exec httpd -f -p 80 -h /www`],
  };

  before(async () => {
    stack = new Stack(t.server, "eci-quickstart");
    const program = captureProgram(t.dir, config);
    expect(program.map((r) => `${r.type.split(":").pop()} ${r.name}`)).to.deep.equal(["Eip public", "SecurityGroup firewall", "Vpc main", "Vxnet apps", "ContainerGroup web"]);
    await stack.up(program);
  });

  it("composes EIP, firewall, VPC, vxnet and group from each other's outputs, and serves the page at http://<eip>:8080", async () => {
    const [eip, firewall, vpc, vxnet, web] = ["public", "firewall", "main", "apps", "web"].map((n) => stack.get(n));
    expect(eip.props.address).to.match(/^127\.100\.\d+\.\d+$/);
    expect(vpc.props).to.deep.include({ eipId: eip.id, securityGroupId: firewall.id, eipAddress: eip.props.address, cidr: "192.168.0.0/16" });
    expect(vxnet.props).to.deep.include({ vpcId: vpc.id, cidr: "192.168.1.0/24" });
    expect(web.props).to.deep.include({ status: "running", privateIp: "192.168.1.10", network: { mode: "vpc", vxnetId: vxnet.id, privateIp: "192.168.1.10" } });
    expect(await httpGet(eip.props.address, 8080)).to.equal(`${page}\n`);
    const costs = await hourlyCosts(t.dir, config, [...stack.resources.values()], t.engine.api);
    expect(costs.exported).to.equal(costs.engine).and.to.be.above(0);
    // A refresh of every resource shows no drift.
    for (const r of stack.resources.values()) {
      const read = await t.server.read(r.id, r.urn, r.props, r.inputs);
      expect((await t.server.diff(r.id, r.urn, read.props, r.inputs, read.inputs)).changes, r.name).to.equal("none");
    }
  });

  it("blocks then allows the port with a firewall change, without restarting the group", async () => {
    const address = stack.get("public").props.address;
    const rule = { priority: 1, direction: "ingress", protocol: "TCP", ports: "8080", sourceCidr: "0.0.0.0/0" };
    const dropped = await stack.change("firewall", { ...stack.get("firewall").inputs, rules: [{ ...rule, action: "drop" }] });
    expect(dropped.diff).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
    expect(await httpGet(address, 8080)).to.be.oneOf(["closed", "refused"]);
    await stack.change("firewall", { ...stack.get("firewall").inputs, rules: [{ ...rule, action: "accept" }] });
    expect(await httpGet(address, 8080)).to.equal(`${page}\n`);
    const group = await t.engine.api.getGroup(stack.get("web").id);
    expect(group.containers[0]).to.include({ restartCount: 0, startedAt: stack.get("web").props.containers[0].startedAt });
  });

  it("forwards UDP to a second group once the VPC and the firewall say so, as online updates", async () => {
    const vxnetId = stack.get("apps").id;
    // A second group of the program's kind (its inputs carry the serialized provider).
    await stack.create("ContainerGroup", "echo", {
      __provider: stack.get("web").inputs.__provider,
      name: "echo",
      network: { mode: "vpc", vxnetId, privateIp: "192.168.1.11" },
      containers: [{ name: "echo", image: TEST_IMAGES.udpEcho, ports: [{ port: UDP_ECHO_PORT, protocol: "UDP" }] }],
      waitFor: "running",
    });
    const address = stack.get("public").props.address;
    const vpc = stack.get("main");
    const forwarding = { name: "echo", protocol: "UDP", eipPort: 5353, privateIp: "192.168.1.11", privatePort: UDP_ECHO_PORT };
    const forwarded = await stack.change("main", { ...vpc.inputs, portForwardings: [...vpc.inputs.portForwardings, forwarding] });
    expect(forwarded.diff).to.deep.include({ changes: "some", replaces: [] });
    expect(forwarded.deployed.id).to.equal(vpc.id);
    // The firewall accepts only TCP 8080 so far.
    expect(await udpEcho(address, 5353, "ping")).to.equal("no answer");
    const firewall = stack.get("firewall");
    await stack.change("firewall", { ...firewall.inputs, rules: [...firewall.inputs.rules, { priority: 2, protocol: "UDP", ports: "5353", action: "accept" }] });
    expect(await udpEcho(address, 5353, "ping")).to.equal("ping");
    expect(await httpGet(address, 8080)).to.equal(`${page}\n`);
  });

  it("previews a new vxnet range as a replaced vxnet and an online update of the group, and carries it out so", async () => {
    const [web, vxnet] = [stack.get("web"), stack.get("apps")];
    const moved = captureProgram(t.dir, { ...config, "eci-quickstart:vxnetCidr": "192.168.2.0/24", "eci-quickstart:webIp": "192.168.2.10" });
    const plan = await stack.preview(moved);
    expect(plan.get("apps")).to.deep.include({ op: "replace", diff: { changes: "some", replaces: ["cidr"], deleteBeforeReplace: false } });
    // The new vxnet's id is not known in the preview: the group's network is an online field all the same.
    expect(plan.get("web")).to.deep.include({ op: "update", diff: { changes: "some", replaces: [], deleteBeforeReplace: false } });
    expect(plan.get("web")?.inputs).to.deep.include({ hostType: "basic", restartPolicy: "Always", network: { mode: "vpc", vxnetId: UNKNOWN, privateIp: "192.168.2.10" } });
    expect(plan.get("main")?.op).to.equal("update"); // the forwarding follows the new address
    expect(plan.get("echo")?.op).to.equal("delete"); // not in the program

    await stack.up(moved);
    const [movedWeb, newVxnet] = [stack.get("web"), stack.get("apps")];
    expect(movedWeb.id).to.equal(web.id);
    expect(newVxnet.id).to.not.equal(vxnet.id);
    expect(movedWeb.props).to.deep.include({ status: "running", privateIp: "192.168.2.10", network: { mode: "vpc", vxnetId: newVxnet.id, privateIp: "192.168.2.10" } });
    expect(await httpGet(stack.get("public").props.address, 8080)).to.equal(`${page}\n`);
    expect((await t.engine.api.request("GET", `/v1/vxnets/${vxnet.id}`)).status).to.equal(404);
  });

  it("destroys the stack in reverse order, leaving no container or network behind", async () => {
    const vpcId = stack.get("main").id;
    await stack.destroy();
    expect(await engineContainers(t.engine.engine.engineId)).to.have.length(0);
    expect(await docker.listNetworks({ filters: { label: [`eci.vpc=${vpcId}`] } })).to.have.length(0);
  });
});

describe("examples/stateful through the provider server", function () {
  this.timeout(180_000);
  const t = exampleTarget("stateful");

  it("keeps Redis's data on the disk when a new host type replaces the group", async () => {
    const stack = new Stack(t.server, "eci-stateful");
    const config = { "eci-stateful:image": TEST_IMAGES.redis };
    await stack.up(captureProgram(t.dir, config));
    const [disk, first] = [stack.get("data"), stack.get("redis")];
    expect(first.props).to.deep.include({ status: "running", healthStatus: "healthy", volumes: [{ name: "data", disk: { diskId: disk.id } }] });
    const at = (group: typeof first) => [group.props.ports[0].hostIp, group.props.ports[0].hostPort] as const;
    expect(await redisCommands(...at(first), "SET greeting hello", "INCR visits")).to.equal("+OK\r\n:1\r\n+OK\r\n");
    const costs = await hourlyCosts(t.dir, config, [...stack.resources.values()], t.engine.api);
    expect(costs.exported).to.equal(costs.engine).and.to.be.above(0);

    // The new group needs the disk the old one holds: the diff asks Pulumi to delete the old one first.
    const [moved] = captureProgram(t.dir, { "eci-stateful:image": TEST_IMAGES.redis, "eci-stateful:hostType": "performance" }).filter((r) => r.name === "redis");
    const { diff, deployed: second } = await stack.change("redis", moved.inputs);
    expect(diff).to.deep.equal({ changes: "some", replaces: ["hostType"], deleteBeforeReplace: true });
    expect(second.id).to.not.equal(first.id);
    expect(second.props).to.deep.include({ status: "running", hostType: "performance" });
    expect(await redisCommands(...at(second), "GET greeting", "INCR visits")).to.equal("$5\r\nhello\r\n:2\r\n+OK\r\n");

    await stack.destroy();
    expect(await docker.getVolume(`eci-disk-${disk.id}`).inspect().catch((e: { statusCode: number }) => e.statusCode)).to.equal(404);
  });
});
