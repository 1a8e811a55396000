import { randomBytes } from "node:crypto";
import path from "node:path";
import { expect } from "chai";
import { EciClient, hasCode } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { TestRegistry } from "../helpers/registry";
import { type TestEngine, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";
import { PULUMI_VERSIONS, type RegisteredResource, captureProgram, installFixture, servesGet, withoutSecrets } from "./helpers/pulumi-install";
import { ProviderCallError, ProviderServer } from "./helpers/provider-server";

type Props = Record<string, any>;

const PROGRAM = path.resolve(__dirname, "../fixtures/existing-program");
const KINDS = ["Eip", "SecurityGroup", "Vpc", "Vxnet", "Disk", "RegistryCredential", "ImageCache", "ContainerGroup"] as const;
type Kind = (typeof KINDS)[number];
const PREFIXES: Record<Kind, string> = { Eip: "eip", SecurityGroup: "sg", Vpc: "rtr", Vxnet: "vxnet", Disk: "vol", RegistryCredential: "rc", ImageCache: "ic", ContainerGroup: "cg" };
const NOUNS: Record<Kind, string> = { Eip: "EIP", SecurityGroup: "security group", Vpc: "VPC", Vxnet: "vxnet", Disk: "disk", RegistryCredential: "registry credential", ImageCache: "image cache", ContainerGroup: "container group" };
const urn = (kind: Kind, name: string) => `urn:pulumi:e2e::eci-existing::pulumi-nodejs:dynamic/eci:${kind}::${name}`;

for (const version of PULUMI_VERSIONS) {
  describe(`Existing resources of every kind: get and adoptId (@pulumi/pulumi ${version})`, function () {
    this.timeout(300_000);
    let engine: TestEngine;
    let registry: TestRegistry;
    let server: ProviderServer;
    let eci: EciClient;
    /** The resources made with the API before the program runs, and the specs they were made with. */
    const ids = {} as Record<Kind, string>;
    const specs = {} as Record<Kind, Props>;
    let program: RegisteredResource[];

    /** What the program registered for the resource of this name, secrets unwrapped as the engine sends them. */
    const registered = (name: string): Props => {
      const found = program.find((r) => r.name === name);
      if (!found) throw new Error(`the program registered no ${name}`);
      return withoutSecrets(found.inputs);
    };
    const current = (kind: Kind): Promise<Props> => {
      const api: Record<Kind, { get(id: string): Promise<unknown> }> = {
        Eip: eci.eips,
        SecurityGroup: eci.securityGroups,
        Vpc: eci.vpcs,
        Vxnet: eci.vxnets,
        Disk: eci.disks,
        RegistryCredential: eci.registryCredentials,
        ImageCache: eci.imageCaches,
        ContainerGroup: eci.containerGroups,
      };
      return api[kind].get(ids[kind]) as Promise<Props>;
    };

    before(async function () {
      this.timeout(900_000);
      const dir = installFixture(version, PROGRAM);
      // One sizeGB unit is 50 kB here: the busybox image (about 2 MB) fits a cache of 100 "GB".
      engine = await startTestEngine({ cacheGbBytes: 50_000 });
      eci = new EciClient({ endpoint: engine.api.url, accessKey: engine.api.key });
      registry = await TestRegistry.start();
      const image = await registry.push(TEST_IMAGES.busybox, "team/existing:1");
      const [a, b] = randomBytes(2);
      const range = `10.${200 + (a % 20)}.${b}`;

      const make = async <S extends Props>(kind: Kind, spec: S, create: (spec: S) => Promise<{ id: string }>) => {
        specs[kind] = spec;
        ids[kind] = (await create(spec)).id;
      };
      await make("Eip", { name: "ip", description: "made with the API" }, (s) => eci.eips.create(s));
      await make("SecurityGroup", { name: "fw", rules: [{ priority: 1, protocol: "TCP" as const, ports: "80", action: "accept" as const }] }, (s) => eci.securityGroups.create(s));
      await make("Vpc", { name: "net", cidr: `${range}.0/24`, eipId: ids.Eip, securityGroupId: ids.SecurityGroup }, (s) => eci.vpcs.create(s));
      await make("Vxnet", { name: "sub", vpcId: ids.Vpc, cidr: `${range}.0/25` }, (s) => eci.vxnets.create(s));
      await make("Disk", { name: "data", sizeGB: 30 }, (s) => eci.disks.create(s));
      await make("RegistryCredential", { server: registry.server, username: registry.username, password: registry.password }, (s) => eci.registryCredentials.create(s));
      await make("ImageCache", { name: "images", images: [image], registryCredentialIds: [ids.RegistryCredential], sizeGB: 100 }, (s) => eci.imageCaches.create(s));
      const group = {
        name: "app",
        network: { mode: "vpc" as const, vxnetId: ids.Vxnet },
        volumes: [{ name: "data", disk: { diskId: ids.Disk } }],
        containers: [{ name: "app", image: TEST_IMAGES.busybox, command: ["sleep", "3600"], volumeMounts: [{ volume: "data", mountPath: "/data" }] }],
      };
      await make("ContainerGroup", group, (s) => eci.containerGroups.create(s));
      await waitFor("the cache to be available and the group to run", async () =>
        (await current("ImageCache")).status === "available" && (await current("ContainerGroup")).status === "running" ? true : undefined,
      );

      program = captureProgram(dir, { "eci-existing:ids": ids, "eci-existing:specs": specs });
      server = await ProviderServer.start(dir);
      await server.configure({ "eci:endpoint": engine.api.url, "eci:accessKey": engine.api.key });
    });

    after(async () => {
      server?.stop();
      if (ids.ImageCache) {
        await eci.imageCaches.delete(ids.ImageCache).catch(() => {});
        await waitFor("the cache to be deleted", async () => ((await current("ImageCache").catch((e) => (hasCode(e, "not_found") ? null : e))) === null ? true : undefined));
      }
      await registry?.stop();
      await engine?.close();
    });

    it("reads each kind with only its id, and a preview of the same declared resource shows no change", async function () {
      if (!servesGet(version)) this.skip();
      for (const kind of KINDS) {
        const got = await server.read(ids[kind], urn(kind, `${kind}-found`), undefined, registered(`${kind}-found`));
        const now = await current(kind);
        expect(got.id, kind).to.equal(ids[kind]);
        expect(got.props, kind).to.deep.include({ name: now.name, version: now.version, createdAt: now.createdAt });

        const checked = await server.check(urn(kind, kind), got.inputs, registered(kind));
        expect(checked.failures, kind).to.deep.equal([]);
        const diff = await server.diff(ids[kind], urn(kind, kind), got.props, checked.inputs, got.inputs);
        // The engine never returns a password: the declared one can only be taken as a rotation.
        expect(diff, kind).to.deep.equal({ changes: kind === "RegistryCredential" ? "some" : "none", replaces: [], deleteBeforeReplace: false });
      }
      expect((await server.read(ids.Eip, urn("Eip", "Eip-found"), undefined, registered("Eip-found"))).props.address).to.match(/^127\.100\.\d+\.\d+$/);
    });

    it("refuses to adopt a resource that does not exist, or one that differs in a field that would replace it, and changes nothing", async () => {
      for (const kind of KINDS) {
        const missing = `${PREFIXES[kind]}-00000000`;
        const { inputs } = await server.check(urn(kind, kind), {}, { ...registered(kind), adoptId: missing });
        const refused = await server.create(urn(kind, kind), inputs).catch((e: ProviderCallError) => e);
        expect((refused as Error).message, kind).to.equal(`adoptId ${missing}: no such ${NOUNS[kind]} to adopt`);
      }
      const versions = await Promise.all(KINDS.map(async (kind) => (await current(kind)).version));
      const refusal = async (kind: Kind, change: Props) => {
        const { inputs } = await server.check(urn(kind, kind), {}, { ...registered(kind), ...change });
        return ((await server.create(urn(kind, kind), inputs).catch((e: ProviderCallError) => e)) as Error).message;
      };
      expect(await refusal("Disk", { type: "capacity" })).to.equal(`adoptId ${ids.Disk}: the disk cannot be adopted without replacing it: type is "basic" there, not "capacity" as declared`);
      expect(await refusal("Vxnet", { cidr: specs.Vpc.cidr })).to.equal(
        `adoptId ${ids.Vxnet}: the vxnet cannot be adopted without replacing it: cidr is "${specs.Vxnet.cidr}" there, not "${specs.Vpc.cidr}" as declared`,
      );
      expect(await refusal("ImageCache", { sizeGB: 200 })).to.equal(`adoptId ${ids.ImageCache}: the image cache cannot be adopted without replacing it: sizeGB is 100 there, not 200 as declared`);
      expect(await refusal("ContainerGroup", { hostType: "performance" })).to.equal(
        `adoptId ${ids.ContainerGroup}: the container group cannot be adopted without replacing it: hostType is "basic" there, not "performance" as declared`,
      );
      expect(await Promise.all(KINDS.map(async (kind) => (await current(kind)).version))).to.deep.equal(versions);
    });

    it("adopts each kind, applies the declared inputs to it as an update, and takes adoptId's removal as no change", async () => {
      const changes: Record<Kind, Props> = {
        Eip: { description: "adopted" },
        SecurityGroup: { description: "adopted" },
        Vpc: { description: "adopted" },
        Vxnet: { description: "adopted" },
        Disk: { description: "adopted" },
        RegistryCredential: { name: "adopted" },
        ImageCache: { description: "adopted" },
        ContainerGroup: { description: "adopted", restartTrigger: "1" },
      };
      for (const kind of KINDS) {
        const before = await current(kind);
        const declared = { ...registered(kind), ...changes[kind] };
        const checked = await server.check(urn(kind, kind), {}, declared);
        expect(checked.failures, kind).to.deep.equal([]);
        const adopted = await server.create(urn(kind, kind), checked.inputs);
        const now = await current(kind);
        expect(adopted.id, kind).to.equal(ids[kind]);
        expect(adopted.props, kind).to.deep.include({ ...changes[kind], version: now.version });
        expect(now, kind).to.deep.include(kind === "ContainerGroup" ? { description: "adopted", status: "running" } : kind === "RegistryCredential" ? { name: "adopted" } : changes[kind]);
        expect(now.version, kind).to.equal(before.version + 1);

        const { adoptId: _adopted, ...without } = declared;
        const dropped = await server.check(urn(kind, kind), checked.inputs, without);
        expect(await server.diff(ids[kind], urn(kind, kind), adopted.props, dropped.inputs, checked.inputs), kind).to.deep.include({ changes: "none" });
      }
      // The declared password was sent: the credential was rotated; setting restartTrigger restarted nothing.
      const group = await current("ContainerGroup");
      expect(group.containers[0].restartCount).to.equal(0);
      expect((await engine.api.events(ids.ContainerGroup)).map((e) => e.reason)).to.not.include("Restarting");
    });
  });
}
