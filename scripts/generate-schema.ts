/**
 * Generates schema.json, the Pulumi package schema of the ContainerGroup dynamic resource, from the
 * sdk's zod schemas (the contract), the provider's own inputs and its replace-or-update table.
 * Never edit schema.json by hand; test/unit/schema-json.test.ts fails when it is stale.
 * Usage: npx tsx scripts/generate-schema.ts   (or: npm run schema)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CONTAINER_GROUP_CHANGES, type ChangeKind } from "../provider/src/diff";
import { OUTPUT_KEYS, ProviderInputsSchema } from "../provider/src/inputs";
import {
  CONTAINER_GROUP_SPEC_KEYS,
  ContainerGroupSchema,
  ContainerGroupSpecSchema,
  ContainerPortSchema,
  ContainerSpecSchema,
  ContainerStateSchema,
  GroupStatusSchema,
  HealthStatusSchema,
  HostTypeSchema,
  ImagePullPolicySchema,
  PublishedPortSchema,
  RestartPolicySchema,
} from "../sdk/src/index";
import { type JsonSchema, type ObjectSpec, PulumiTypes, TYPE_NAME_KEY, compact } from "./pulumi-types";

export const SCHEMA_PATH = join(__dirname, "..", "schema.json");
const PACKAGE = "eci";
/** `pulumi.dynamic.Resource` registers every dynamic resource under the `pulumi-nodejs` package, module `dynamic/<module>`. */
const RESOURCE_TOKEN = "pulumi-nodejs:dynamic/eci:ContainerGroup";
const RESOURCE = "ContainerGroup";

/** Names of the types a user meets more than once; any other object or enum is named after where it appears. */
const TYPE_NAMES = new Map<unknown, string>([
  [HostTypeSchema, "HostType"],
  [RestartPolicySchema, "RestartPolicy"],
  [ImagePullPolicySchema, "ImagePullPolicy"],
  [ContainerSpecSchema, "Container"],
  [ContainerPortSchema, "ContainerPort"],
  [ContainerGroupSchema.shape.containers.element, "ContainerWithStatus"],
  [ContainerStateSchema, "ContainerState"],
  [PublishedPortSchema, "PublishedPort"],
  [GroupStatusSchema, "GroupStatus"],
  [HealthStatusSchema, "HealthStatus"],
]);

/** Inputs the provider fills when omitted: `check` derives the name from the resource name. */
const AUTONAMED: Record<string, string> = { name: "Default: the resource name and a random suffix." };

/** What a change means to a user, per kind of `CONTAINER_GROUP_CHANGES` (provider/src/diff.ts). */
const CHANGE_TEXTS: Record<ChangeKind, { sentence: string; summary: string }> = {
  replace: { sentence: "Changing it replaces the group: a new group is created, then the old one deleted.", summary: "Replaces the group" },
  online: { sentence: "Changing it is an online update of the running group: only the containers it affects restart.", summary: "Online update (only the affected containers restart)" },
  metadata: { sentence: "Changing it is an online update that restarts nothing (metadata only).", summary: "Metadata only (nothing restarts)" },
  provider: { sentence: "A provider setting: changing it only changes how the provider waits; nothing is sent to the engine.", summary: "Provider settings (nothing is sent to the engine)" },
};

const RESOURCE_DESCRIPTION =
  "A container group of an ECI engine, managed by the `ContainerGroup` dynamic provider of `@eci/pulumi`: " +
  "created and awaited until ready, updated online or replaced, and deleted once the engine accepts it.";

/** The Pulumi package schema of the ContainerGroup resource, as schema.json holds it. */
export function buildSchema(): object {
  const types = new PulumiTypes(PACKAGE);
  // Inputs first: types shared with outputs keep their input `required` lists (see PulumiTypes).
  const inputs = merge(types.objectOf(jsonOf(ContainerGroupSpecSchema, "input"), RESOURCE), types.objectOf(jsonOf(ProviderInputsSchema, "input"), RESOURCE));
  const group = jsonOf(ContainerGroupSchema, "output");
  const outputKeys = [...CONTAINER_GROUP_SPEC_KEYS, ...OUTPUT_KEYS];
  const groupOutputs = { ...group, properties: pick(group.properties ?? {}, outputKeys), required: group.required?.filter((k) => outputKeys.includes(k)) };
  const outputs = merge(types.objectOf(groupOutputs, RESOURCE), types.objectOf(jsonOf(ProviderInputsSchema, "output"), RESOURCE));

  const changes: Record<string, ChangeKind> = CONTAINER_GROUP_CHANGES;
  const unclassified = Object.keys(inputs.properties).filter((k) => !changes[k]);
  if (unclassified.length > 0) throw new Error(`CONTAINER_GROUP_CHANGES (provider/src/diff.ts) does not say what changing ${unclassified.join(", ")} does`);
  const replaceOnChanges = Object.keys(inputs.properties).filter((k) => changes[k] === "replace");
  const inputProperties = Object.fromEntries(
    Object.entries(inputs.properties).map(([key, spec]) => [
      key,
      compact({
        ...spec,
        description: [spec.description, AUTONAMED[key], CHANGE_TEXTS[changes[key]].sentence].filter(Boolean).join(" "),
        replaceOnChanges: replaceOnChanges.includes(key) || undefined,
      }),
    ]),
  );

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
    resources: {
      [RESOURCE_TOKEN]: {
        description: `${RESOURCE_DESCRIPTION}\n\nWhat changing an input does:\n\n${changeSummary(Object.keys(inputs.properties), changes)}`,
        properties: outputs.properties,
        required: outputs.required,
        inputProperties,
        requiredInputs: inputs.required.filter((k) => !(k in AUTONAMED)),
        replaceOnChanges,
      },
    },
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
function changeSummary(keys: string[], changes: Record<string, ChangeKind>): string {
  const kinds = (Object.keys(CHANGE_TEXTS) as ChangeKind[]).filter((kind) => keys.some((k) => changes[k] === kind));
  return kinds.map((kind) => `- ${CHANGE_TEXTS[kind].summary}: ${keys.filter((k) => changes[k] === kind).map((k) => `\`${k}\``).join(", ")}.`).join("\n");
}

function merge(a: ObjectSpec, b: ObjectSpec): ObjectSpec {
  return { properties: { ...a.properties, ...b.properties }, required: [...a.required, ...b.required] };
}

function pick<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => keys.includes(k)));
}

/** The text of schema.json: 2-space JSON and a trailing newline. */
export function renderSchema(): string {
  return `${JSON.stringify(buildSchema(), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(SCHEMA_PATH, renderSchema());
  console.log(`Wrote ${SCHEMA_PATH}`);
}
