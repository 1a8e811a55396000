/**
 * Generates schema.json, the Pulumi package schema of the provider's dynamic resources (ContainerGroup,
 * RegistryCredential, ImageCache, StandbyPool, Eip, Vpc, Vxnet, SecurityGroup, Disk), from the sdk's zod schemas (the contract), the provider's own
 * inputs and its replace-or-update tables; and from it the provider's Args and output types
 * (provider/src/resource-types.ts) and a reference page per resource (docs/provider/<Resource>.md).
 * Never edit those files by hand; test/unit/schema-json.test.ts fails when one is stale.
 * Usage: npx tsx scripts/generate-schema.ts   (or: npm run schema)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ConnectionSchema } from "../provider/src/connection";
import { CONTAINER_GROUP_INPUTS, OUTPUT_KEYS } from "../provider/src/container-group-inputs";
import { CONTAINER_GROUP_CHANGES, type ChangeKind, type ChangeTable, IMAGE_CACHE_CHANGES, REGISTRY_CREDENTIAL_CHANGES, STANDBY_POOL_CHANGES } from "../provider/src/diff";
import { CACHE_OUTPUT_KEYS, IMAGE_CACHE_INPUTS } from "../provider/src/image-cache-provider";
import type { ResourceInputs } from "../provider/src/inputs";
import { READY_RESOURCES, type ReadyResourceType } from "../provider/src/ready-resources";
import { CREDENTIAL_OUTPUT_KEYS, REGISTRY_CREDENTIAL_INPUTS } from "../provider/src/registry-credential-provider";
import { POOL_OUTPUT_KEYS, STANDBY_POOL_INPUTS } from "../provider/src/standby-pool-provider";
import {
  CONTAINER_GROUP_SPEC_KEYS,
  CacheStatusSchema,
  CachedImageSchema,
  ConfigFileSchema,
  ContainerGroupReadSpecSchema,
  ContainerGroupSchema,
  ContainerPortSchema,
  ContainerReadSpecSchema,
  ContainerSpecSchema,
  ContainerStateSchema,
  DiskSchema,
  DiskTypeSchema,
  EipSchema,
  GroupStatusSchema,
  HealthStatusSchema,
  HostTypeSchema,
  ImageCacheSchema,
  ImagePullPolicySchema,
  PortForwardingSchema,
  PublishedPortSchema,
  RegistryCredentialSchema,
  RegistryCredentialSpecSchema,
  RestartPolicySchema,
  SecurityGroupRuleSchema,
  SecurityGroupSchema,
  StandbyPoolSchema,
  VolumeMountSchema,
  VolumeSchema,
  VpcSchema,
  VxnetSchema,
} from "@eci/sdk";
import { renderProviderDocs } from "./provider-docs";
import { type PackageSchema, renderProviderTypes } from "./provider-types";
import { type JsonSchema, type ObjectSpec, PulumiTypes, TYPE_NAME_KEY, compact } from "./pulumi-types";

export const SCHEMA_PATH = join(__dirname, "..", "schema.json");
const PACKAGE = "eci";

/** Names of the types a user meets more than once; any other object or enum is named after where it appears. */
const TYPE_NAMES = new Map<unknown, string>([
  [HostTypeSchema, "HostType"],
  [RestartPolicySchema, "RestartPolicy"],
  [ImagePullPolicySchema, "ImagePullPolicy"],
  [ContainerSpecSchema, "Container"],
  [ContainerPortSchema, "ContainerPort"],
  [ContainerGroupSchema.shape.containers.element, "ContainerWithStatus"],
  [ContainerReadSpecSchema, "ContainerSpecRead"],
  [ContainerGroupReadSpecSchema, "ContainerGroupSpecRead"],
  [ContainerStateSchema, "ContainerState"],
  [PublishedPortSchema, "PublishedPort"],
  [GroupStatusSchema, "GroupStatus"],
  [HealthStatusSchema, "HealthStatus"],
  [CacheStatusSchema, "CacheStatus"],
  [CachedImageSchema, "CachedImage"],
  [VolumeSchema, "Volume"],
  [VolumeMountSchema, "VolumeMount"],
  [ConfigFileSchema, "ConfigFile"],
  [DiskTypeSchema, "DiskType"],
  [PortForwardingSchema, "PortForwarding"],
  [SecurityGroupRuleSchema, "SecurityGroupRule"],
  [ConnectionSchema, "Connection"],
]);

/** Properties of nested types that hold secrets: a container's `secureEnv` values, a connection's access key. */
const SECRET_TYPE_PROPERTIES: Array<[type: string, property: string]> = [
  ["Container", "secureEnv"],
  ["Connection", "accessKey"],
];

/** What a change means to a user, per kind of change (provider/src/diff.ts). */
const CHANGE_TEXTS: Record<ChangeKind, { sentence: string; summary: string }> = {
  replace: {
    sentence: "Changing it replaces the resource: a new one is created, then the old one deleted (the old one first when the new one would need what it holds).",
    summary: "Replaces the resource",
  },
  online: { sentence: "Changing it is an online update of the running group: only the containers it affects restart.", summary: "Online update (only the affected containers restart)" },
  metadata: { sentence: "Changing it is an online update that restarts nothing (metadata only).", summary: "Metadata only (nothing restarts)" },
  live: { sentence: "Changing it is an update applied at once to what runs; nothing restarts.", summary: "Applied at once (nothing restarts)" },
  rotation: { sentence: "Changing it is an update of the credential in place (a rotation): later pulls use it, and what refers to it keeps the same id.", summary: "Rotation in place (later pulls use it)" },
  restart: {
    sentence: "Changing it is an update that restarts every container of the group (the engine's Restart); the sandbox and its IP stay.",
    summary: "Restart (every container restarts; the sandbox and IP stay)",
  },
  refill: {
    sentence: "Changing it is an update of the pool in place, never a replacement; groups already claimed keep running.",
    summary: "Refill in place (pooled groups are replaced; claimed groups keep running)",
  },
  create: {
    sentence: "Used only when the resource is created: changing it later is an update that records the new value and sends nothing to the engine; nothing restarts.",
    summary: "Create only (a later change sends nothing to the engine)",
  },
  connection: {
    sentence: "A new endpoint replaces the resource (created on the new engine, then deleted from the old one); a new access key or CA file is an update that sends nothing to the engine.",
    summary: "Which engine (a new endpoint replaces the resource; a new key or CA file sends nothing)",
  },
  provider: { sentence: "A provider setting: changing it only changes how the provider acts or waits; nothing is sent to the engine.", summary: "Provider settings (nothing is sent to the engine)" },
};

/** One dynamic resource of `@eci/pulumi`, as schema.json describes it. */
interface ResourceSchema {
  name: string;
  description: string;
  inputs: ResourceInputs<any, any>;
  /** The engine's answer, of which `outputKeys` are outputs. */
  answer: z.ZodObject;
  outputKeys: readonly string[];
  /** Outputs the provider adds itself. */
  extraOutputs?: z.ZodObject;
  /** Inputs that are never outputs (write-only). */
  writeOnly?: string[];
  /** Inputs the provider always marks secret. */
  secret?: string[];
  changes: ChangeTable;
}

const RESOURCES: ResourceSchema[] = [
  {
    name: "ContainerGroup",
    description:
      "A container group of an ECI engine, managed by the `ContainerGroup` dynamic provider of `@eci/pulumi`: " +
      "created and awaited until ready, updated online or replaced, and deleted once the engine accepts it.",
    inputs: CONTAINER_GROUP_INPUTS,
    answer: ContainerGroupSchema,
    outputKeys: [...CONTAINER_GROUP_SPEC_KEYS, ...OUTPUT_KEYS],
    extraOutputs: z.object({
      secureEnvHashes: z
        .record(z.string(), z.record(z.string(), z.string()))
        .describe("Container name → `secureEnv` variable → a salted scrypt hash of its value, so that a changed value is seen as a change; the values themselves are never outputs."),
    }),
    changes: CONTAINER_GROUP_CHANGES,
  },
  {
    name: "RegistryCredential",
    description:
      "A registry credential of an ECI engine (`rc-…`), for containers' `registryCredentialId` and image caches' `registryCredentialIds`. " +
      "The password is write-only: a secret input, never an output (a salted hash stands in for it), never returned by the engine.",
    inputs: REGISTRY_CREDENTIAL_INPUTS,
    answer: RegistryCredentialSchema,
    outputKeys: ["name", "server", "username", ...CREDENTIAL_OUTPUT_KEYS],
    extraOutputs: z.object({
      verify: RegistryCredentialSpecSchema.shape.verify,
      passwordHash: z.string().describe("A salted scrypt hash of the password, so that a new password is seen as a change; the password itself is never an output."),
    }),
    writeOnly: ["password"],
    secret: ["password"],
    changes: REGISTRY_CREDENTIAL_CHANGES,
  },
  {
    name: "ImageCache",
    description:
      "An image cache of an ECI engine (`ic-…`): images pulled once and pinned, so groups that name it start without pulling. " +
      "Create waits until it is `available`; a cache that failed is replaced by the next `up`; delete waits until it is gone.",
    inputs: IMAGE_CACHE_INPUTS,
    answer: ImageCacheSchema,
    outputKeys: [...IMAGE_CACHE_INPUTS.shape.specKeys, ...CACHE_OUTPUT_KEYS],
    changes: IMAGE_CACHE_CHANGES,
  },
  {
    name: "StandbyPool",
    description:
      "A standby pool of an ECI engine (`sp-…`): groups of one profile kept running ahead of demand, so that a `ContainerGroup` with `standbyPoolId` is `running` at once. " +
      "Every change is an update in place (a new profile drains the pool and refills it); the profile's `secureEnv` values are write-only, as a group's.",
    inputs: STANDBY_POOL_INPUTS,
    answer: StandbyPoolSchema,
    outputKeys: [...STANDBY_POOL_INPUTS.shape.specKeys, ...POOL_OUTPUT_KEYS],
    extraOutputs: z.object({
      secureEnvHashes: z
        .record(z.string(), z.record(z.string(), z.string()))
        .describe("Profile container name → `secureEnv` variable → a salted scrypt hash of its value, so that a changed value is seen as a change; the values themselves are never outputs."),
    }),
    changes: STANDBY_POOL_CHANGES,
  },
  ready("Eip", EipSchema, "An elastic IP of an ECI engine (`eip-…`) from its loopback pool, so it is reachable from the engine's host; bound to a VPC (port forwarding) or a basic-mode group."),
  ready("Vpc", VpcSchema, "A VPC of an ECI engine (`rtr-…`): a private network whose groups reach each other, with an EIP forwarding TCP and UDP ports to them through a security group."),
  ready("Vxnet", VxnetSchema, "A subnet of a VPC (`vxnet-…`): groups join it and get a private IP in it."),
  ready("SecurityGroup", SecurityGroupSchema, "A firewall of an ECI engine (`sg-…`): ordered rules, checked for every connection that comes in through an EIP; rule changes apply without restarting anything."),
  ready("Disk", DiskSchema, "A disk of an ECI engine (`vol-…`): data that outlives groups, attached to one group at a time."),
];

/** A resource that is ready as soon as the engine answers (provider/src/ready-resources.ts). */
function ready(name: ReadyResourceType, answer: z.ZodObject, description: string): ResourceSchema {
  const r = READY_RESOURCES[name];
  return { name, description, inputs: r.inputs, answer, outputKeys: [...r.inputs.shape.specKeys, ...r.inputs.shape.outputKeys], changes: r.changes };
}

/** The Pulumi package schema of the provider's resources, as schema.json holds it. */
export function buildSchema(): object {
  const types = new PulumiTypes(PACKAGE);
  const resources = Object.fromEntries(RESOURCES.map((r) => [`pulumi-nodejs:dynamic/eci:${r.name}`, resourceSpec(types, r)]));
  for (const [type, property] of SECRET_TYPE_PROPERTIES) {
    const properties = types.types[`${PACKAGE}:index:${type}`]?.properties as Record<string, Record<string, unknown>> | undefined;
    if (!properties?.[property]) throw new Error(`No property ${property} in type ${type} to mark secret`);
    properties[property].secret = true;
  }
  const provider = JSON.parse(readFileSync(join(__dirname, "..", "provider", "package.json"), "utf8")) as { version: string; license: string };
  return {
    name: PACKAGE,
    displayName: "ECI",
    version: provider.version,
    description: "Elastic Container Instances on a local Docker Engine: the resources of the `@eci/pulumi` dynamic providers.",
    license: provider.license,
    // Dynamic resources' tokens belong to the `pulumi-nodejs` package, not to this one.
    allowedPackageNames: ["pulumi-nodejs"],
    types: types.sortedTypes(),
    resources,
  };
}

function resourceSpec(types: PulumiTypes, r: ResourceSchema): object {
  const { spec, own, autoname } = r.inputs.shape;
  // Inputs first: types shared with outputs keep their input `required` lists (see PulumiTypes).
  const inputs = merge(types.objectOf(jsonOf(spec, "input"), r.name), types.objectOf(jsonOf(own, "input"), r.name));
  const answer = jsonOf(r.answer, "output");
  const answerOutputs = { ...answer, properties: pick(answer.properties ?? {}, r.outputKeys), required: answer.required?.filter((k) => r.outputKeys.includes(k)) };
  let outputs = merge(types.objectOf(answerOutputs, r.name), types.objectOf(jsonOf(own, "output"), r.name));
  if (r.extraOutputs) outputs = merge(outputs, types.objectOf(jsonOf(r.extraOutputs, "output"), r.name));

  const unclassified = Object.keys(inputs.properties).filter((k) => !r.changes[k]);
  if (unclassified.length > 0) throw new Error(`The ${r.name} table of provider/src/diff.ts does not say what changing ${unclassified.join(", ")} does`);
  const replaceOnChanges = Object.keys(inputs.properties).filter((k) => r.changes[k] === "replace");
  const autonamed = autoname ? "Default: the resource name and a random suffix." : undefined;
  const inputProperties = Object.fromEntries(
    Object.entries(inputs.properties).map(([key, property]) => [
      key,
      compact({
        ...property,
        // The engine's "Cannot change." would contradict the sentence that says what changing it does.
        description: [r.changes[key] === "replace" ? String(property.description ?? "").replace(/\s*Cannot change\./, "") : property.description, key === "name" ? autonamed : undefined, CHANGE_TEXTS[r.changes[key]].sentence].filter(Boolean).join(" "),
        secret: r.secret?.includes(key) || undefined,
        replaceOnChanges: replaceOnChanges.includes(key) || undefined,
      }),
    ]),
  );
  // An output that is also an input says what the input says (without what changing it does).
  for (const [key, property] of Object.entries(outputs.properties)) {
    if (property.description === undefined && inputs.properties[key]?.description !== undefined) outputs.properties[key] = { ...property, description: inputs.properties[key].description };
  }
  return {
    description: `${r.description}\n\nWhat changing an input does:\n\n${changeSummary(Object.keys(inputs.properties), r.changes)}`,
    properties: outputs.properties,
    required: outputs.required,
    inputProperties,
    requiredInputs: inputs.required.filter((k) => !(autoname && k === "name")),
    replaceOnChanges,
  };
}

/** JSON Schema of a zod schema, with the type names of `TYPE_NAMES` stamped on where they occur. */
function jsonOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  return z.toJSONSchema(schema, {
    io,
    override: ({ zodSchema, jsonSchema }) => {
      // `.describe()` returns a clone whose parent is the named schema.
      let s: z.core.$ZodType | undefined = zodSchema;
      while (s && !TYPE_NAMES.has(s)) s = s._zod.parent;
      if (s) (jsonSchema as JsonSchema)[TYPE_NAME_KEY] = TYPE_NAMES.get(s);
    },
  }) as JsonSchema;
}

/** The replace-or-update table at a glance: one line per kind of change, naming its inputs. */
function changeSummary(keys: string[], changes: ChangeTable): string {
  const kinds = (Object.keys(CHANGE_TEXTS) as ChangeKind[]).filter((kind) => keys.some((k) => changes[k] === kind));
  return kinds.map((kind) => `- ${CHANGE_TEXTS[kind].summary}: ${keys.filter((k) => changes[k] === kind).map((k) => `\`${k}\``).join(", ")}.`).join("\n");
}

function merge(a: ObjectSpec, b: ObjectSpec): ObjectSpec {
  return { properties: { ...a.properties, ...b.properties }, required: [...a.required, ...b.required] };
}

function pick<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => keys.includes(k)));
}

/** What is generated from the schema besides schema.json: the provider's types and its reference pages. */
export const TYPES_PATH = join(__dirname, "..", "provider", "src", "resource-types.ts");
export const DOCS_DIR = join(__dirname, "..", "docs", "provider");

/** Every generated file, by path, with its text. */
export function renderAll(): Record<string, string> {
  const schema = buildSchema() as PackageSchema;
  const pages = Object.entries(renderProviderDocs(schema)).map(([file, text]) => [join(DOCS_DIR, file), text]);
  return { [SCHEMA_PATH]: `${JSON.stringify(schema, null, 2)}\n`, [TYPES_PATH]: renderProviderTypes(schema), ...Object.fromEntries(pages) };
}

if (require.main === module) {
  mkdirSync(DOCS_DIR, { recursive: true });
  for (const [file, text] of Object.entries(renderAll())) {
    writeFileSync(file, text);
    console.log(`Wrote ${file}`);
  }
}
