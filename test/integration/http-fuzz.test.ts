import { expect } from "chai";
import fc from "fast-check";
import { ErrorBodySchema } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type FuzzRequest, type FuzzTargets, fuzzRequestArb } from "../helpers/fuzz-requests";
import { Api, type TestEngine, deleteAllGroups, engineContainers, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

const REQUESTS = 3_000;
const CONCURRENCY = 4;
// FUZZ_SEED=<seed> replays a run: the same requests, in the same order within each worker.
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** One resource of each kind, so the fuzz has real ids to name; `cidr` keeps two accounts' VPCs apart. */
async function oneOfEach(api: Api, cidr: string): Promise<Record<string, string[]>> {
  const create = async (path: string, body: unknown) => {
    const res = await api.request("POST", path, body);
    if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return [res.body.id as string];
  };
  const vpc = await create("/v1/vpcs", { name: "v", cidr: `${cidr}.0.0/16` });
  return {
    "/v1/vpcs": vpc,
    "/v1/vxnets": await create("/v1/vxnets", { name: "x", vpcId: vpc[0], cidr: `${cidr}.1.0/24` }),
    "/v1/disks": await create("/v1/disks", { name: "d" }),
    "/v1/eips": await create("/v1/eips", { name: "e" }),
    "/v1/security-groups": await create("/v1/security-groups", { name: "s", rules: [{ priority: 1 }] }),
    "/v1/registry-credentials": await create("/v1/registry-credentials", { server: "127.0.0.1:1", username: "u", password: "p" }),
    "/v1/image-caches": await create("/v1/image-caches", { name: "c", images: ["127.0.0.1:1/fuzz/cache:1"] }),
    "/v1/container-groups": await create("/v1/container-groups", { name: "g", containers: [{ name: "app", image: TEST_IMAGES.noshell }] }),
    // A spare key: the fuzz may delete it, never the key it sends.
    "/v1/access-keys": await create("/v1/access-keys", { name: "spare" }),
  };
}

interface Answer {
  request: FuzzRequest;
  status: number;
  body: string;
}

async function send(url: string, request: FuzzRequest): Promise<Answer> {
  const res = await fetch(`${url}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
  // Logs and metrics may follow forever: their status is all the fuzz needs.
  const streaming = !(res.headers.get("content-type") ?? "").includes("json");
  const body = streaming ? (await res.body?.cancel(), "") : await res.text();
  return { request, status: res.status, body };
}

function parsedOrText(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

describe("HTTP fuzz", function () {
  let t: TestEngine;
  let other: Api;

  before(async () => {
    t = await startTestEngine();
    other = t.addAccount("other");
  });

  // The test deletes its groups itself; this is for a run that failed before it could.
  after(async () => {
    if (other) await deleteAllGroups(other);
    await t?.close();
  });

  it(`answers ${REQUESTS} random requests without a 5xx, stays up, and leaves no container behind`, async () => {
    console.log(`      http fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays it)`);
    const targets: FuzzTargets = {
      routes: t.engine.app.apiRoutes,
      key: t.api.key,
      otherKey: other.key,
      ids: await oneOfEach(t.api, "10.231"),
      otherIds: await oneOfEach(other, "10.232"),
    };
    const requests = fc.sample(fuzzRequestArb(targets), { seed: SEED, numRuns: REQUESTS });
    const answers: Answer[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        for (let i = worker; i < requests.length; i += CONCURRENCY) answers.push(await send(t.api.url, requests[i]));
      }),
    );

    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    console.log(`      answers by status: ${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ")}`);
    const failures = answers.filter((a) => a.status >= 500);
    const shown = failures.slice(0, 5).map((a) => `${a.status} ${a.request.method} ${a.request.path.slice(0, 200)} ${(a.request.body ?? "").slice(0, 200)} → ${a.body.slice(0, 200)}`);
    expect(shown, `seed ${SEED}`).to.deep.equal([]);
    expect(answers).to.have.length(REQUESTS);
    // Every refusal is the contract's error body, with one of its codes.
    const offContract = answers.filter((a) => a.status >= 400 && !ErrorBodySchema.safeParse(parsedOrText(a.body)).success);
    expect(offContract.slice(0, 5).map((a) => `${a.status} ${a.request.method} ${a.request.path.slice(0, 100)} → ${a.body.slice(0, 200)}`), `seed ${SEED}`).to.deep.equal([]);
    expect((await t.api.request("GET", "/v1/container-groups")).status).to.equal(200);

    await deleteAllGroups(t.api);
    await deleteAllGroups(other);
    await waitFor("the engine's containers to be removed", async () => ((await engineContainers(t.engine.engineId)).length === 0 ? true : undefined));
  });
});
