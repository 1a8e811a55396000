import { expect } from "chai";
import fc from "fast-check";
import type { z } from "zod";
import * as arb from "../../../test/helpers/spec-arbitraries";
import { RULES, type SchemaRules, mutationArb } from "../../../test/helpers/spec-mutations";
import { formatPath, validate } from "../validation";
import { AccessKeySpecSchema } from "./account";
import { ContainerGroupSpecSchema } from "./container-group";
import { DiskSpecSchema } from "./disk";
import { EipSpecSchema } from "./eip";
import { ImageCacheSpecSchema } from "./image-cache";
import { RegistryCredentialSpecSchema } from "./registry-credential";
import { SecurityGroupSpecSchema } from "./security-group";
import { VpcSpecSchema, VxnetSpecSchema } from "./vpc";

// Bounded so the whole file runs in a few seconds; fast-check prints the seed of any failure.
const RUNS = { numRuns: 150 };

const CONTRACT: Array<{ name: string; schema: z.ZodType; valid: fc.Arbitrary<unknown>; rules: SchemaRules }> = [
  { name: "container group spec", schema: ContainerGroupSpecSchema, valid: arb.containerGroupSpecArb, rules: RULES.containerGroup },
  { name: "image cache spec", schema: ImageCacheSpecSchema, valid: arb.imageCacheSpecArb, rules: RULES.imageCache },
  { name: "registry credential spec", schema: RegistryCredentialSpecSchema, valid: arb.registryCredentialSpecArb, rules: RULES.registryCredential },
  { name: "disk spec", schema: DiskSpecSchema, valid: arb.diskSpecArb, rules: RULES.disk },
  { name: "EIP spec", schema: EipSpecSchema, valid: arb.eipSpecArb, rules: RULES.eip },
  { name: "VPC spec", schema: VpcSpecSchema, valid: arb.vpcSpecArb, rules: RULES.vpc },
  { name: "vxnet spec", schema: VxnetSpecSchema, valid: arb.vxnetSpecArb, rules: RULES.vxnet },
  { name: "security group spec", schema: SecurityGroupSpecSchema, valid: arb.securityGroupSpecArb, rules: RULES.securityGroup },
  { name: "access key spec", schema: AccessKeySpecSchema, valid: arb.accessKeySpecArb, rules: RULES.accessKey },
];

/** Parses or fails the test with the issues, so a refused valid spec shows why. */
function parsed(schema: z.ZodType, input: unknown): unknown {
  const result = validate(schema, input);
  if (!result.ok) expect.fail(`refused ${JSON.stringify(input)}: ${JSON.stringify(result.issues)}`);
  return result.value;
}

/** Whether an issue at `issuePath` is about `path` itself or the object or list that holds it. */
function isAtOrAbove(issuePath: string, path: string): boolean {
  return issuePath === path || path.startsWith(`${issuePath}.`) || path.startsWith(`${issuePath}[`);
}

for (const { name, schema, valid, rules } of CONTRACT) {
  describe(`${name} (properties)`, () => {
    it("accepts every valid spec, and parsing its output again changes nothing", () => {
      fc.assert(
        fc.property(valid, (spec) => {
          const once = parsed(schema, spec);
          expect(parsed(schema, once)).to.deep.equal(once);
        }),
        RUNS,
      );
    });

    it("parses its output sent through JSON to the same value", () => {
      fc.assert(
        fc.property(valid, (spec) => {
          const once = parsed(schema, spec);
          expect(parsed(schema, JSON.parse(JSON.stringify(once)))).to.deep.equal(once);
        }),
        RUNS,
      );
    });

    it("refuses each mutation with an issue naming the broken field", () => {
      fc.assert(
        fc.property(mutationArb(valid, rules), ({ kind, path, spec }) => {
          const result = validate(schema, spec);
          expect(result.ok, `${kind} at ${formatPath(path)} was accepted`).to.equal(false);
          if (result.ok) return;
          for (const issue of result.issues) expect([issue.path, issue.rule, issue.message].map((v) => typeof v)).to.deep.equal(["string", "string", "string"]);
          const where = formatPath(path);
          const named =
            kind === "unknown_key"
              ? result.issues.some((i) => i.path === where && i.rule === "known_fields")
              : result.issues.some((i) => i.path !== "" && isAtOrAbove(i.path, where));
          expect(named, `${kind} at ${where || "(body)"}: ${JSON.stringify(result.issues)}`).to.equal(true);
        }),
        RUNS,
      );
    });

    it("answers any JSON value with a result, never an exception", () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
          const result = validate(schema, value);
          if (!result.ok) expect(result.issues).to.not.be.empty;
        }),
        RUNS,
      );
    });
  });
}
