import { isDeepStrictEqual } from "node:util";
import { expect } from "chai";
import type { z } from "zod";
import { objectShape } from "../../provider/src/canonical";
import { CONTAINER_GROUP_INPUTS } from "../../provider/src/container-group-inputs";
import { ContainerGroupProvider } from "../../provider/src/container-group-provider";
import { CONTAINER_GROUP_CHANGES, type ChangeTable, type DiffResult, IMAGE_CACHE_CHANGES, REGISTRY_CREDENTIAL_CHANGES, STANDBY_POOL_CHANGES } from "../../provider/src/diff";
import { IMAGE_CACHE_INPUTS, ImageCacheProvider } from "../../provider/src/image-cache-provider";
import { AUTONAME_KEY, type CheckFailure } from "../../provider/src/inputs";
import { hashPassword } from "../../provider/src/password-hash";
import { secureEnvHashes } from "../../provider/src/secure-env-hashes";
import { ReadyResourceProvider } from "../../provider/src/ready-resource-provider";
import { READY_RESOURCES, type ReadyResourceType } from "../../provider/src/ready-resources";
import { REGISTRY_CREDENTIAL_INPUTS, RegistryCredentialProvider } from "../../provider/src/registry-credential-provider";
import { STANDBY_POOL_INPUTS, StandbyPoolProvider } from "../../provider/src/standby-pool-provider";
import { UNKNOWN } from "../../provider/src/unknowns";
import { type FieldNode, fieldPatterns, setAt, valueNodes } from "../helpers/field-paths";

type Props = Record<string, unknown>;

/**
 * One resource as the matrix drives it: its provider's hooks, its schemas and change table, inputs that
 * between them fill every field the schemas declare, and the outputs a create would have returned.
 */
interface MatrixResource {
  type: string;
  provider: { check(olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>; diff(id: string, olds: Props, news: Props): Promise<DiffResult> };
  schemas: { spec: z.ZodType; own: z.ZodType };
  table: ChangeTable;
  fixtures: Props[];
  outputs(inputs: Props): Props;
  /** Defaults derived from another field (`[target, source]`, siblings): unknown while their source is. */
  derived?: Array<[string, string]>;
}

const at = "2026-01-01T00:00:00.000Z";

/** The inputs every resource has, filled: an id of its kind to adopt, and a connection of its own. */
const shared = (idPrefix: string) => ({ adoptId: `${idPrefix}-aaaaaaaa`, connection: { endpoint: "https://eci-2.example.com:7400", accessKey: "k3y", caFile: "/etc/eci/ca.crt" } });

function ready(type: ReadyResourceType, fixtures: Props[]): MatrixResource {
  const { inputs, changes } = READY_RESOURCES[type];
  return { type, provider: new ReadyResourceProvider(type), schemas: inputs.shape, table: changes, fixtures, outputs: (i) => ({ ...i, version: 3, createdAt: at }) };
}

/** A group spec that fills every field, the network in VPC mode (`BATCH_SPEC` has the basic mode). */
const WEB_SPEC = {
  name: "web",
  description: "the shop",
  labels: { tier: "front", team: "web" },
  hostType: "performance",
  restartPolicy: "OnFailure",
  containers: [
    {
      name: "setup",
      type: "init",
      image: "registry.example.com/team/setup:1",
      imagePullPolicy: "Always",
      registryCredentialId: "rc-aaaaaaaa",
      cpu: 0.5,
      memory: 1,
      ports: [{ port: 81, protocol: "UDP" }],
      workingDir: "/work",
      command: ["sh", "-c"],
      args: ["echo ready"],
      env: { MODE: "init", LEVEL: "debug" },
      secureEnv: { DB_PASSWORD: "s3cret", API_TOKEN: "t0ken" },
      maxLogSizeMB: 5,
      volumeMounts: [{ volume: "config", mountPath: "/etc/app", subPath: "app", readOnly: true }],
    },
    { name: "web", image: "nginx:1.27", ports: [{ port: 80 }], volumeMounts: [{ volume: "data", mountPath: "/data" }] },
  ],
  network: { mode: "vpc", vxnetId: "vxnet-aaaaaaaa", privateIp: "192.168.1.10", securityGroupId: "sg-aaaaaaaa" },
  volumes: [
    { name: "config", configFile: { files: [{ path: "app/app.conf", content: "level = debug\n" }] } },
    { name: "data", disk: { diskId: "vol-aaaaaaaa" } },
  ],
  imageCacheId: "ic-aaaaaaaa",
  autoMatchImageCache: true,
  shmSizeMB: 64,
};

const BATCH_SPEC = { network: { mode: "basic", eipId: "eip-aaaaaaaa", securityGroupId: "sg-aaaaaaaa" }, containers: [{ name: "job", image: "busybox:1" }] };

/** Containers as the engine returns them: `secureEnv` by its names only. */
const readContainers = (containers: Props[]) =>
  containers.map(({ secureEnv, ...c }) => ({ ...c, secureEnvNames: Object.keys((secureEnv as Props | undefined) ?? {}).sort() }));

const RESOURCES: MatrixResource[] = [
  {
    type: "ContainerGroup",
    provider: new ContainerGroupProvider(),
    schemas: CONTAINER_GROUP_INPUTS.shape,
    table: CONTAINER_GROUP_CHANGES,
    derived: [["containers[].imagePullPolicy", "containers[].image"]],
    fixtures: [
      {
        ...WEB_SPEC,
        ...shared("cg"),
        restartTrigger: "2026-01-01",
        standbyPoolId: "sp-aaaaaaaa",
        waitFor: "running",
        timeouts: { create: "5m", update: "5m", delete: "1m" },
      },
      { [AUTONAME_KEY]: "batch", ...BATCH_SPEC },
    ],
    // As create returns them: the engine's containers name their secureEnv variables, and hashes stand in for the values.
    outputs: (inputs) => ({
      ...inputs,
      containers: readContainers(inputs.containers as Props[]).map((c) => ({
        ...c,
        state: "running",
        reason: null,
        exitCode: null,
        restartCount: 0,
        ready: true,
        startedAt: at,
      })),
      secureEnvHashes: secureEnvHashes(inputs),
      status: "running",
      healthStatus: "healthy",
      privateIp: "192.168.1.10",
      cpu: 1,
      memory: 2,
      ports: [],
      version: 3,
      createdAt: at,
    }),
  },
  {
    type: "RegistryCredential",
    provider: new RegistryCredentialProvider(),
    schemas: REGISTRY_CREDENTIAL_INPUTS.shape,
    table: REGISTRY_CREDENTIAL_CHANGES,
    derived: [["name", "server"]],
    fixtures: [
      { name: "team", server: "registry.example.com", username: "robot", password: "s3cret", verify: true, ...shared("rc") },
      { server: "127.0.0.1:5000", username: "robot", password: "s3cret" },
    ],
    outputs: ({ password, ...rest }) => ({ ...rest, passwordHash: hashPassword(password as string), passwordUpdatedAt: at, version: 3, createdAt: at }),
  },
  {
    type: "ImageCache",
    provider: new ImageCacheProvider(),
    schemas: IMAGE_CACHE_INPUTS.shape,
    table: IMAGE_CACHE_CHANGES,
    fixtures: [
      { name: "images", description: "the shop's", images: ["nginx:1.27", "registry.example.com/team/app:1"], registryCredentialIds: ["rc-aaaaaaaa"], sizeGB: 40, timeouts: { create: "2h", update: "5m", delete: "5m" }, ...shared("ic") },
      { [AUTONAME_KEY]: "images", images: ["nginx:1.27"] },
    ],
    outputs: (inputs) => ({ ...inputs, status: "available", statusReason: null, cachedImages: [], usedBytes: 0, version: 3, createdAt: at }),
  },
  {
    type: "StandbyPool",
    provider: new StandbyPoolProvider(),
    schemas: STANDBY_POOL_INPUTS.shape,
    table: STANDBY_POOL_CHANGES,
    derived: [["profile.containers[].imagePullPolicy", "profile.containers[].image"]],
    fixtures: [
      { name: "warm", description: "the shop's", profile: WEB_SPEC, maxReadyCapacity: 3, ...shared("sp") },
      { [AUTONAME_KEY]: "warm", profile: { name: "job", ...BATCH_SPEC }, maxReadyCapacity: 0 },
    ],
    // As create returns them: the engine's profile names its secureEnv variables, and hashes stand in for the values.
    outputs: (inputs) => {
      const profile = inputs.profile as Props;
      return {
        ...inputs,
        profile: { ...profile, containers: readContainers(profile.containers as Props[]) },
        secureEnvHashes: secureEnvHashes(profile),
        status: "filling",
        readyCount: 1,
        creatingCount: 2,
        hourlyPrice: 0.01,
        version: 3,
        createdAt: at,
        updatedAt: at,
      };
    },
  },
  ready("Eip", [{ name: "public", description: "the shop's address", ...shared("eip") }, { [AUTONAME_KEY]: "public" }]),
  ready("Vpc", [
    {
      name: "main",
      description: "the shop's",
      cidr: "10.0.0.0/16",
      eipId: "eip-aaaaaaaa",
      securityGroupId: "sg-aaaaaaaa",
      portForwardings: [{ name: "dns", protocol: "UDP", eipPort: 53, privateIp: "10.0.1.10", privatePort: 5353 }],
      ...shared("rtr"),
    },
    { [AUTONAME_KEY]: "main", eipId: "eip-aaaaaaaa", portForwardings: [{ eipPort: 8080, privateIp: "192.168.1.10", privatePort: 80 }] },
  ]),
  ready("Vxnet", [
    { name: "apps", description: "the shop's", vpcId: "rtr-aaaaaaaa", cidr: "10.0.1.0/24", ...shared("vxnet") },
    { [AUTONAME_KEY]: "apps", vpcId: "rtr-aaaaaaaa", cidr: "10.0.2.0/24" },
  ]),
  ready("SecurityGroup", [
    {
      name: "firewall",
      description: "the shop's",
      rules: [
        { priority: 1, direction: "egress", protocol: "UDP", ports: "53", sourceCidr: "10.0.0.0/8", action: "drop" },
        { priority: 2, ports: "8000-8100" },
      ],
      ...shared("sg"),
    },
    { [AUTONAME_KEY]: "firewall" },
  ]),
  ready("Disk", [{ name: "data", description: "the shop's", type: "capacity", sizeGB: 100, ...shared("vol") }, { [AUTONAME_KEY]: "data" }]),
];

/** The places a fixture fills, in its spec and in the provider's own inputs. */
function nodesOf(r: MatrixResource, fixture: Props): FieldNode[] {
  return [...valueNodes(r.schemas.spec, fixture), ...valueNodes(r.schemas.own, fixture)];
}

/** What `check` must return when the value at `path` is unknown: the canonical inputs with it unknown, and what derives from it. */
function expectedWithUnknown(r: MatrixResource, fixture: Props, canonical: Props, node: FieldNode): Props {
  let expected = setAt(canonical, node.path, UNKNOWN);
  for (const [target, source] of r.derived ?? []) {
    if (node.pattern !== source) continue;
    const targetPath = [...node.path.slice(0, -1), target.split(/[.\]]/).pop() as string];
    if (valueAt(fixture, targetPath) === undefined) expected = setAt(expected, targetPath, UNKNOWN);
  }
  return expected;
}

function valueAt(value: unknown, path: Array<string | number>): unknown {
  return path.reduce<unknown>((v, key) => (v === null || typeof v !== "object" ? undefined : (v as Record<string | number, unknown>)[key]), value);
}

/** The answer the table gives for a change at `path`, when its new value is not known; a connection replaces when its endpoint may change. */
function expectedDiff(table: ChangeTable, path: Array<string | number>): DiffResult {
  const field = String(path[0]);
  const replaces = table[field] === "replace" || (table[field] === "connection" && (path.length === 1 || path[1] === "endpoint"));
  return { changes: true, replaces: replaces ? [field] : [], deleteBeforeReplace: false };
}

describe("Previews with unknown values, for every field of every resource", () => {
  for (const r of RESOURCES) {
    describe(r.type, () => {
      it("has a row in its change table for every input, and no row for anything else", () => {
        const fields = [...Object.keys(objectShape(r.schemas.spec) ?? {}), ...Object.keys(objectShape(r.schemas.own) ?? {})];
        expect(Object.keys(r.table)).to.have.members(fields);
      });

      it("has a fixture that fills every field its schemas declare, at any depth", () => {
        const declared = [...fieldPatterns(r.schemas.spec), ...fieldPatterns(r.schemas.own)];
        const filled = new Set(r.fixtures.flatMap((f) => nodesOf(r, f).map((n) => n.pattern)));
        expect(declared.filter((p) => !filled.has(p)), "fields no fixture fills: add them to a fixture").to.deep.equal([]);
      });

      it("keeps every fixture unchanged on a second check, and sees no change against its own outputs", async () => {
        for (const fixture of r.fixtures) {
          const first = await r.provider.check({}, fixture);
          expect(first.failures, JSON.stringify(fixture)).to.deep.equal([]);
          expect((await r.provider.check(first.inputs, first.inputs)).inputs).to.deep.equal(first.inputs);
          expect(await r.provider.diff("id-1", r.outputs(first.inputs), first.inputs)).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
        }
      });

      it("answers the kind its table gives when any one value is unknown, and keeps everything else canonical", async () => {
        const wrong: string[] = [];
        let places = 0;
        for (const fixture of r.fixtures) {
          const canonical = (await r.provider.check({}, fixture)).inputs;
          const olds = r.outputs(canonical);
          for (const node of nodesOf(r, fixture)) {
            places++;
            const where = `${r.type} ${node.path.join(".")} (${node.pattern})`;
            const { inputs, failures } = await r.provider.check(canonical, setAt(fixture, node.path, UNKNOWN));
            if (failures.length > 0) wrong.push(`${where}: check failed: ${JSON.stringify(failures)}`);
            const expected = expectedWithUnknown(r, fixture, canonical, node);
            if (!isDeepStrictEqual(inputs, expected)) wrong.push(`${where}: check returned ${JSON.stringify(inputs)}, not ${JSON.stringify(expected)}`);
            if (!isDeepStrictEqual((await r.provider.check(canonical, inputs)).inputs, inputs)) wrong.push(`${where}: a second check changed the inputs`);
            const diff = await r.provider.diff("id-1", olds, inputs);
            const wanted = expectedDiff(r.table, node.path);
            if (!isDeepStrictEqual(diff, wanted)) wrong.push(`${where}: diff ${JSON.stringify(diff)}, not ${JSON.stringify(wanted)} (${r.table[node.path[0]]})`);
          }
        }
        expect(places).to.be.above(0);
        expect(wrong.join("\n")).to.equal("");
      });

      it("passes the check of a first preview, with every id of another resource unknown", async () => {
        for (const fixture of r.fixtures) {
          const ids = nodesOf(r, fixture).filter((n) => typeof valueAt(fixture, n.path) === "string" && /Ids?(\[\])?$/.test(n.pattern));
          const news = ids.reduce((v, n) => setAt(v, n.path, UNKNOWN), fixture);
          const { inputs, failures } = await r.provider.check({}, news);
          expect(failures).to.deep.equal([]);
          const canonical = (await r.provider.check({}, fixture)).inputs;
          const expected = ids.reduce((v, n) => setAt(v, n.path, UNKNOWN), { ...canonical, name: inputs.name });
          expect(inputs).to.deep.equal(expected);
        }
      });
    });
  }
});
