/**
 * Random HTTP requests for the engine's API, drawn by fast-check: every route of the app with real,
 * missing, malformed and other-account ids, query strings, header variants, and bodies that are valid
 * specs, mutated specs or not JSON at all. Images in generated specs are local test images or
 * `127.0.0.1:1/…` references, so nothing reaches Docker Hub.
 */
import fc from "fast-check";
import { BODY_LIMIT_BYTES } from "../../engine/src/json-body-parser";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import * as arb from "./spec-arbitraries";
import { RULES, type SchemaRules, mutationArb } from "./spec-mutations";

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the requests may name: per URL prefix, real ids of the account and ids of another account. */
export interface FuzzTargets {
  routes: Array<{ method: string; url: string }>;
  key: string;
  otherKey: string;
  ids: Record<string, string[]>;
  otherIds: Record<string, string[]>;
}

const UNREACHABLE = "127.0.0.1:1/fuzz/app:1";

/** Container images become a local test image (never pulled) or an address that refuses at once. */
function localImages(spec: Record<string, unknown>, local: boolean): Record<string, unknown> {
  const containers = (spec.containers as Array<Record<string, unknown>>).map((c) => (local ? { ...c, image: TEST_IMAGES.noshell, imagePullPolicy: "IfNotPresent" } : { ...c, image: UNREACHABLE }));
  return { ...spec, containers };
}

const SPECS: Record<string, [fc.Arbitrary<unknown>, SchemaRules]> = {
  "/v1/container-groups": [fc.tuple(arb.containerGroupSpecArb, fc.boolean()).map(([s, local]) => localImages(s, local)), RULES.containerGroup],
  "/v1/image-caches": [arb.imageCacheSpecArb.map((s) => ({ ...s, images: (s.images as string[]).map((_, i) => `127.0.0.1:1/fuzz/cache${i}:1`) })), RULES.imageCache],
  "/v1/registry-credentials": [arb.registryCredentialSpecArb.map((s) => ({ ...s, server: "127.0.0.1:1" })), RULES.registryCredential],
  "/v1/disks": [arb.diskSpecArb, RULES.disk],
  "/v1/eips": [arb.eipSpecArb, RULES.eip],
  "/v1/vpcs": [arb.vpcSpecArb, RULES.vpc],
  "/v1/vxnets": [arb.vxnetSpecArb, RULES.vxnet],
  "/v1/security-groups": [arb.securityGroupSpecArb, RULES.securityGroup],
  "/v1/access-keys": [arb.accessKeySpecArb, RULES.accessKey],
};

const GARBAGE_BODIES = [
  "",
  "{",
  "null",
  "[]",
  '"text"',
  "{'single': 1}",
  '{"name": "a",}',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  "[".repeat(5_000),
  `${'{"a":'.repeat(100)}1${"}".repeat(100)}`,
  "\u0000\u0001\uffff",
  `{"name":"${"x".repeat(BODY_LIMIT_BYTES)}"}`,
];

function resource(url: string): string {
  return url.split("/").slice(0, 3).join("/");
}

/** A body for `url`: usually a valid or mutated spec of its resource, sometimes any JSON or garbage. */
function bodyArb(url: string): fc.Arbitrary<string> {
  const spec = SPECS[resource(url)];
  const anyJson = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));
  const garbage = fc.oneof(fc.constantFrom(...GARBAGE_BODIES), fc.string({ maxLength: 50 }));
  if (!spec || url.endsWith("/restart")) return fc.oneof(anyJson, garbage);
  const [valid, rules] = spec;
  return fc.oneof(
    { weight: 3, arbitrary: valid.map((v) => JSON.stringify(v)) },
    { weight: 4, arbitrary: mutationArb(valid, rules).map((m) => JSON.stringify(m.spec)) },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: garbage },
  );
}

const MALFORMED_IDS = ["%zz", "..", "%00", "a".repeat(2_000), "cg-ABCDEFGH", "' OR 1=1 --", "%2F..%2F", "ü", "-", "id?x=1#frag"];

function idArb(url: string, targets: FuzzTargets): fc.Arbitrary<string> {
  const own = targets.ids[resource(url)] ?? [];
  const other = targets.otherIds[resource(url)] ?? [];
  const prefix = (own[0] ?? "x-").split("-")[0];
  return fc.oneof(
    ...(own.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...own) }] : []),
    ...(other.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...other) }] : []),
    { weight: 1, arbitrary: fc.constant(`${prefix}-zzzzzzzz`) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_IDS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
  );
}

const QUERY_KEYS = ["status", "label", "tail", "since", "follow", "timestamps", "range", "container", "from", "to", "tty", "command", "x"];
const queryArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant("") },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), fc.oneof(fc.constantFrom("true", "1", "6h", "running", "team=web", "-1", "1e999", ""), fc.string({ maxLength: 12 }))), { minLength: 1, maxLength: 4 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`),
  },
  { weight: 1, arbitrary: fc.constantFrom("?", "?&&", "?a[b]=1", "?label", "?tail=%zz", `?x=${"y".repeat(4_000)}`) },
);

function headersArb(targets: FuzzTargets): fc.Arbitrary<Record<string, string>> {
  return fc
    .record({
      authorization: fc.oneof(
        { weight: 12, arbitrary: fc.constant(`Bearer ${targets.key}`) },
        { weight: 1, arbitrary: fc.constantFrom("", "Bearer", "Bearer  ", `bearer ${targets.key}`, `Basic ${targets.key}`, `Bearer ${targets.otherKey}`, "Bearer ak-nope", `Bearer ${targets.key}x`) },
      ),
      "content-type": fc.oneof(
        { weight: 8, arbitrary: fc.constant("application/json") },
        { weight: 1, arbitrary: fc.constantFrom("application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*", "garbage") },
      ),
      "if-match": fc.option(fc.oneof(fc.nat({ max: 5 }).map(String), fc.constantFrom("*", "abc", '"1"', "-1")), { freq: 5, nil: undefined }),
      // Large, but within Node's 16 KiB of headers.
      "x-fuzz": fc.option(fc.constantFrom("a".repeat(8_000), "\t", "ü".repeat(10)), { nil: undefined }),
    })
    .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>);
}

/** How much likelier a body is than none, per method. */
const BODY_WEIGHT: Record<string, number> = { POST: 9, PUT: 9, DELETE: 1 };

/** One request to one route of `targets.routes`, with a body for methods that carry one (and sometimes for those that do not). */
export function fuzzRequestArb(targets: FuzzTargets): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...targets.routes).chain((route) =>
    fc
      .record({
        id: idArb(route.url, targets),
        name: fc.constantFrom("app", "missing", "%zz", "APP"),
        query: queryArb,
        typeWithoutBody: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
        headers: headersArb(targets),
        // fetch sends no body with a GET; a DELETE with one is rare but allowed.
        body: route.method in BODY_WEIGHT ? fc.oneof({ weight: BODY_WEIGHT[route.method], arbitrary: bodyArb(route.url) }, { weight: 1, arbitrary: fc.constant(undefined) }) : fc.constant(undefined),
      })
      .map(({ id, name, query, headers: { "content-type": type, ...headers }, body, typeWithoutBody }) => ({
        method: route.method,
        path: `${route.url.replace(":id", id).replace(":name", name)}${query}`,
        // A JSON content type without a body is refused before any handler runs: keep it rare.
        headers: body === undefined && !typeWithoutBody ? headers : { ...headers, "content-type": type },
        ...(body === undefined ? {} : { body }),
      })),
  );
}
