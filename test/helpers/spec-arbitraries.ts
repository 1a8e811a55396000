/**
 * fast-check arbitraries of valid specs, one per schema a user sends: they follow every rule of the
 * contract (unique names, ports and paths, mounts of declared volumes, sizes that fit the size table,
 * addresses inside their ranges), so a schema that refuses one of them has a bug.
 */
import fc from "fast-check";
import { MAX_CACHE_IMAGES, numberToIp } from "@eci/sdk";

const LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789".split("");
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Objects without the keys an arbitrary left undefined: what a user writes when omitting a field. */
const record = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) => fc.record(model).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

const nameArb = fc.string({ minLength: 1, maxLength: 63 });
const descriptionArb = opt(fc.string({ maxLength: 40 }));
const idArb = (prefix: string) => fc.string({ unit: fc.constantFrom(...LOWER_DIGITS), minLength: 8, maxLength: 8 }).map((s) => `${prefix}-${s}`);
const dnsLabelArb = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,12}[a-z0-9])?$/);
const ipv4Arb = fc.nat({ max: 2 ** 32 - 1 }).map(numberToIp);
/** An aligned block whose prefix lies in [min, max], inside `base/basePrefix`. */
const cidrArb = (min: number, max: number, base = 0, basePrefix = 0) =>
  fc.tuple(fc.integer({ min: Math.max(min, basePrefix), max }), fc.nat({ max: 2 ** (32 - basePrefix) - 1 })).map(([prefix, offset]) => {
    const size = 2 ** (32 - prefix);
    return { base: base + offset - (offset % size), prefix, text: `${numberToIp(base + offset - (offset % size))}/${prefix}` };
  });
const absolutePathArb = fc.stringMatching(/^\/[a-z0-9/._-]{0,20}$/);
const envKeyArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,12}$/).filter((k) => k !== "__proto__");

const imageArb = fc
  .tuple(
    fc.constantFrom("", "127.0.0.1:5000/", "registry.example.com/", "localhost:5000/"),
    fc.array(fc.stringMatching(/^[a-z0-9]{1,6}((-|_|__|\.)[a-z0-9]{1,6})?$/), { minLength: 1, maxLength: 3 }),
    opt(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}$/)),
    opt(fc.stringMatching(/^[a-f0-9]{64}$/)),
  )
  .map(([registry, path, tag, digest]) => `${registry}${path.join("/")}${tag === undefined ? "" : `:${tag}`}${digest === undefined ? "" : `@sha256:${digest}`}`);

const configVolumeArb = fc
  .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9]{1,8}(\.conf)?$/), opt(fc.stringMatching(/^[a-z0-9]{1,8}$/))), { minLength: 1, maxLength: 3, selector: ([dir]) => dir })
  .chain((paths) => fc.tuple(...paths.map(([dir, leaf]) => fc.record({ path: fc.constant(leaf ? `${dir}/${leaf}` : dir), content: fc.string({ maxLength: 60, unit: "grapheme" }) }))))
  .map((files) => ({ configFile: { files } }));
const diskVolumeArb = idArb("vol").map((diskId) => ({ disk: { diskId } }));
const volumesArb = fc
  .uniqueArray(fc.tuple(dnsLabelArb, fc.oneof(configVolumeArb, diskVolumeArb)), { maxLength: 3, selector: ([name]) => name })
  .map((vs) => vs.filter(([, v], i) => !("disk" in v) || vs.findIndex(([, w]) => "disk" in w && w.disk.diskId === v.disk.diskId) === i).map(([name, v]) => ({ name, ...v })));
type VolumeValue = { name: string; configFile?: { files: Array<{ path: string }> }; disk?: unknown };

/** Mounts of some of `volumes`: a distinct path each, read-only and sub-paths as each kind of volume allows. */
const mountsArb = (volumes: VolumeValue[]) =>
  fc.subarray(volumes).chain((chosen) =>
    fc.tuple(
      ...chosen.map((v) =>
        record({
          volume: fc.constant(v.name),
          mountPath: fc.constant(`/mnt/${v.name}`),
          subPath: v.configFile ? opt(fc.constantFrom(...v.configFile.files.map((f) => f.path))) : opt(fc.stringMatching(/^[a-z0-9]{1,8}(\/[a-z0-9]{1,8})?$/)),
          readOnly: v.configFile ? opt(fc.constant(true)) : opt(fc.boolean()),
        }),
      ),
    ),
  );

const portArb = record({ port: fc.integer({ min: 1, max: 65535 }), protocol: opt(fc.constantFrom("TCP", "UDP")) });

/** A container; quarter vCPUs and half GiBs keep any group of them inside the size table. */
const containerArb = (name: string, ports: unknown[], volumes: VolumeValue[]) =>
  record({
    name: fc.constant(name),
    type: opt(fc.constantFrom("init", "work")),
    image: imageArb,
    imagePullPolicy: opt(fc.constantFrom("Always", "IfNotPresent", "Never")),
    registryCredentialId: opt(idArb("rc")),
    cpu: opt(fc.constantFrom(0.25, 0.5, 1)),
    memory: opt(fc.constantFrom(0.5, 1, 2)),
    ports: opt(fc.constant(ports)),
    workingDir: opt(absolutePathArb),
    command: opt(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 })),
    args: opt(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 })),
    env: opt(fc.dictionary(envKeyArb, fc.string({ maxLength: 10 }), { maxKeys: 3, noNullPrototype: true })),
    secureEnv: opt(fc.dictionary(envKeyArb, fc.string({ maxLength: 10 }), { maxKeys: 3, noNullPrototype: true })),
    maxLogSizeMB: opt(fc.integer({ min: 1, max: 1024 })),
    volumeMounts: opt(mountsArb(volumes)),
  }).map(({ secureEnv, ...c }) => {
    // A variable is in env or in secureEnv, never both.
    if (secureEnv === undefined) return c;
    const env = (c.env ?? {}) as Record<string, string>;
    return { ...c, secureEnv: Object.fromEntries(Object.entries(secureEnv as Record<string, string>).filter(([k]) => !Object.hasOwn(env, k))) };
  });

const groupNetworkArb = fc.oneof(
  record({ mode: fc.constant("vpc"), vxnetId: idArb("vxnet"), privateIp: opt(ipv4Arb), securityGroupId: opt(idArb("sg")) }),
  record({ mode: fc.constant("basic"), eipId: opt(idArb("eip")), securityGroupId: opt(idArb("sg")) }),
);

export const containerGroupSpecArb = fc
  .tuple(
    fc.uniqueArray(dnsLabelArb, { minLength: 1, maxLength: 4 }),
    fc.uniqueArray(portArb, { maxLength: 4, selector: (p) => `${p.port}/${p.protocol ?? "TCP"}` }),
    volumesArb,
  )
  .chain(([names, ports, volumes]) =>
    record({
      name: nameArb,
      description: descriptionArb,
      labels: opt(fc.dictionary(fc.string({ minLength: 1, maxLength: 63 }).filter((k) => k !== "__proto__"), fc.string({ maxLength: 63 }), { maxKeys: 10, noNullPrototype: true })),
      hostType: opt(fc.constantFrom("basic", "performance", "super-high-performance", "enterprise-e1", "enterprise-e2")),
      restartPolicy: opt(fc.constantFrom("Always", "OnFailure", "Never")),
      // Container i declares the ports whose index is i modulo the count: each port once in the group.
      containers: fc.tuple(...names.map((n, i) => containerArb(n, ports.filter((_, j) => j % names.length === i), volumes))),
      network: opt(groupNetworkArb),
      volumes: volumes.length > 0 ? fc.constant(volumes) : opt(fc.constant(volumes)),
      imageCacheId: opt(idArb("ic")),
      autoMatchImageCache: opt(fc.boolean()),
      // Below half of the smallest normalized memory (0.5 GiB), whatever the containers ask.
      shmSizeMB: opt(fc.integer({ min: 1, max: 255 })),
    }),
  )
  // At least one work container: the first one is, unless it says otherwise and so do the others.
  .map((spec) => {
    const containers = spec.containers as Array<Record<string, unknown>>;
    if (containers.every((c) => c.type === "init")) containers[0] = { ...containers[0], type: "work" };
    return spec;
  });

export const imageCacheSpecArb = record({
  name: nameArb,
  description: descriptionArb,
  images: fc.uniqueArray(imageArb, { minLength: 1, maxLength: 5 }),
  registryCredentialIds: opt(fc.array(idArb("rc"), { maxLength: MAX_CACHE_IMAGES })),
  sizeGB: opt(fc.integer({ min: 20, max: 500 })),
});

export const registryCredentialSpecArb = record({
  name: opt(nameArb),
  server: fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,20}[a-z0-9])?(:[0-9]{1,5})?$/),
  username: fc.string({ minLength: 1, maxLength: 40 }),
  password: fc.string({ minLength: 1, maxLength: 40 }),
  verify: opt(fc.boolean()),
});

export const diskSpecArb = record({
  name: nameArb,
  description: descriptionArb,
  type: opt(fc.constantFrom("basic", "performance", "capacity", "super-high-performance", "enterprise-ssd")),
  sizeGB: opt(fc.integer({ min: 2, max: 500 }).map((n) => n * 10)),
});

export const eipSpecArb = record({ name: nameArb, description: descriptionArb });

const PRIVATE_RANGES: Array<[number, number]> = [
  [10 * 2 ** 24, 8],
  [(172 * 256 + 16) * 2 ** 16, 12],
  [(192 * 256 + 168) * 2 ** 16, 16],
];
export const vpcSpecArb = fc
  .constantFrom(...PRIVATE_RANGES)
  .chain(([base, prefix]) => cidrArb(16, 24, base, prefix))
  .chain((block) =>
    fc.uniqueArray(
      record({
        name: opt(fc.string({ maxLength: 63 })),
        protocol: opt(fc.constantFrom("TCP", "UDP")),
        eipPort: fc.integer({ min: 1, max: 65535 }),
        privateIp: fc.nat({ max: 2 ** (32 - block.prefix) - 1 }).map((n) => numberToIp(block.base + n)),
        privatePort: fc.integer({ min: 1, max: 65535 }),
      }),
      { maxLength: 4, selector: (r) => `${r.eipPort}/${r.protocol ?? "TCP"}` },
    ).chain((portForwardings) =>
      record({
        name: nameArb,
        description: descriptionArb,
        cidr: fc.constant(block.text),
        // Port forwarding needs an EIP to listen on.
        eipId: portForwardings.length > 0 ? idArb("eip") : opt(idArb("eip")),
        securityGroupId: opt(idArb("sg")),
        portForwardings: portForwardings.length > 0 ? fc.constant(portForwardings) : opt(fc.constant(portForwardings)),
      }),
    ),
  );

export const vxnetSpecArb = record({ name: nameArb, description: descriptionArb, vpcId: idArb("rtr"), cidr: cidrArb(16, 28).map((b) => b.text) });

const portRangeArb = fc.oneof(
  fc.integer({ min: 1, max: 65535 }).map(String),
  fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
);
export const securityGroupSpecArb = record({
  name: nameArb,
  description: descriptionArb,
  rules: opt(
    fc.array(
      record({
        priority: fc.integer({ min: 0, max: 100 }),
        direction: opt(fc.constantFrom("ingress", "egress")),
        protocol: opt(fc.constantFrom("TCP", "UDP", "ICMP", "ALL")),
        ports: opt(portRangeArb),
        sourceCidr: opt(cidrArb(0, 32).map((b) => b.text)),
        action: opt(fc.constantFrom("accept", "drop")),
      }),
      { maxLength: 5 },
    ),
  ),
});

export const accessKeySpecArb = record({ name: opt(fc.string({ maxLength: 63 })) });
