import { ContainerGroupSpecSchema } from "@eci/sdk";
import { expect } from "chai";
import { z } from "zod";
import { canonicalize } from "./canonical";
import { UNKNOWN } from "./unknowns";

const Schema = z.strictObject({
  name: z.string(),
  size: z.number().default(20),
  tags: z.record(z.string(), z.string()).default({}),
  items: z.array(z.strictObject({ key: z.string(), mode: z.enum(["a", "b"]).default("a") })).default([]),
  net: z
    .discriminatedUnion("kind", [z.strictObject({ kind: z.literal("x"), port: z.number().default(80) }), z.strictObject({ kind: z.literal("y"), host: z.string().default("h") })])
    .optional(),
});

describe("canonicalize", () => {
  it("fills defaults and sorts map keys at any depth", () => {
    expect(canonicalize(Schema, { name: "n", tags: { b: "2", a: "1" }, items: [{ key: "k" }], net: { kind: "y" } })).to.deep.equal({
      name: "n",
      size: 20,
      tags: { a: "1", b: "2" },
      items: [{ key: "k", mode: "a" }],
      net: { kind: "y", host: "h" },
    });
    expect(Object.keys(canonicalize(Schema, { name: "n", tags: { b: "2", a: "1" } }) as { tags: object })).to.deep.equal(["name", "size", "tags", "items"]);
  });

  it("keeps an unknown value where it is: a whole field, one element, one field of an element, one map value", () => {
    expect(canonicalize(Schema, { name: UNKNOWN, items: UNKNOWN })).to.deep.equal({ name: UNKNOWN, size: 20, tags: {}, items: UNKNOWN });
    expect(canonicalize(Schema, { name: "n", items: [UNKNOWN, { key: UNKNOWN }], tags: { z: UNKNOWN } })).to.deep.include({
      items: [UNKNOWN, { key: UNKNOWN, mode: "a" }],
      tags: { z: UNKNOWN },
    });
  });

  it("leaves a union whose discriminator is unknown as it was given", () => {
    expect(canonicalize(Schema, { name: "n", net: { kind: UNKNOWN } })).to.deep.include({ net: { kind: UNKNOWN } });
    expect(canonicalize(Schema, { name: "n", net: UNKNOWN })).to.deep.include({ net: UNKNOWN });
  });

  it("keeps values of the wrong shape and keys the schema does not know, for validation to name them", () => {
    expect(canonicalize(Schema, { name: "n", items: "none", extra: 1 })).to.deep.equal({ name: "n", size: 20, tags: {}, items: "none", extra: 1 });
  });

  it("is idempotent, and agrees with the engine's own parse on a valid group", () => {
    const group = { name: "web", labels: { b: "2", a: "1" }, containers: [{ name: "app", image: "nginx:1.27", env: { Y: "1", X: "2" } }], network: { mode: "vpc", vxnetId: "vxnet-aaaaaaaa" } };
    const once = canonicalize(ContainerGroupSpecSchema, group);
    expect(canonicalize(ContainerGroupSpecSchema, once)).to.deep.equal(once);
    // The parse also derives each container's pull policy (a transform), which canonicalize leaves to the resource.
    const parsed = ContainerGroupSpecSchema.parse(group);
    const { imagePullPolicy, ...container } = parsed.containers[0];
    expect(imagePullPolicy).to.equal("IfNotPresent");
    expect(once).to.deep.equal({ ...parsed, containers: [container] });
  });
});
