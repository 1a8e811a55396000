import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import type { EciError } from "./errors";
import { HttpClient } from "./http-client";

/** What `promise` rejects with (or, wrongly, resolves to: the assertions on it then fail). */
const failure = (promise: Promise<unknown>) => promise.then((value) => value as EciError, (err: unknown) => err as EciError);

/** A local server that answers each request as `answer` says, counting them by method. */
async function fakeEngine(answer: (req: http.IncomingMessage, res: http.ServerResponse, nth: number) => void) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.method ?? "");
    req.resume();
    answer(req, res, seen.length);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

function rateLimited(res: http.ServerResponse): void {
  res.writeHead(429, { "content-type": "application/json", "retry-after": "0" });
  res.end(JSON.stringify({ code: "rate_limited", message: "Too many requests with this access key; retry in 1 s" }));
}

describe("HttpClient retries", () => {
  let engine: Awaited<ReturnType<typeof fakeEngine>> | undefined;
  afterEach(async () => engine?.close());

  it("sends a rate-limited POST again until it goes through", async () => {
    engine = await fakeEngine((_req, res, nth) => (nth <= 2 ? rateLimited(res) : res.writeHead(201, { "content-type": "application/json" }).end("{}")));
    const client = new HttpClient({ endpoint: engine.endpoint, accessKey: "k" });
    expect((await client.request("post", "/v1/disks", { body: {} })).status).to.equal(201);
    expect(engine.seen).to.deep.equal(["POST", "POST", "POST"]);
  });

  it("gives up after maxRetries with the 429 and its Retry-After", async () => {
    engine = await fakeEngine((_req, res) => rateLimited(res));
    const err = await failure(new HttpClient({ endpoint: engine.endpoint, accessKey: "k", maxRetries: 2 }).request("get", "/v1/disks"));
    expect(err).to.include({ code: "rate_limited", status: 429, retryAfterSeconds: 0 });
    expect(err.message).to.equal(`GET ${engine.endpoint}/v1/disks: HTTP 429 rate_limited: Too many requests with this access key; retry in 1 s (after 2 retries)`);
    expect(engine.seen).to.have.length(3);
  });

  it("repeats a GET whose connection dropped before the answer, but not a POST", async () => {
    engine = await fakeEngine((req) => req.socket.destroy());
    const client = new HttpClient({ endpoint: engine.endpoint, accessKey: "k", maxRetries: 2 });
    expect(await failure(client.request("get", "/v1/disks"))).to.include({ code: "network_error", status: 0 });
    expect(await failure(client.request("post", "/v1/disks", { body: {} }))).to.include({ code: "network_error", status: 0 });
    expect(engine.seen).to.deep.equal(["GET", "GET", "GET", "POST"]);
  });

  it("sends nothing again when told not to retry", async () => {
    engine = await fakeEngine((_req, res) => rateLimited(res));
    await failure(new HttpClient({ endpoint: engine.endpoint, accessKey: "k", maxRetries: 0 }).request("get", "/v1/disks"));
    expect(engine.seen).to.have.length(1);
  });
});
