import { expect } from "chai";
import WebSocket from "ws";
import { EciClient, bearerProtocol } from "@eci/sdk";
import { caught } from "../helpers/caught";
import { Api, type Reply, type TestEngine, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

/** The test helper's client, made to wait out 429s so the engine can be cleaned up after the bursts. */
class PatientApi extends Api {
  override async request<T = any>(method: string, path: string, body?: unknown, key = this.key): Promise<Reply<T>> {
    for (;;) {
      const reply = await super.request<T>(method, path, body, key);
      if (reply.status !== 429) return reply;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

interface RawReply {
  status: number;
  retryAfter: string | null;
  body: { code?: string; message?: string; details?: unknown };
}

describe("Rate limits: a token bucket per access key", function () {
  this.timeout(60_000);
  let t: TestEngine;
  let eci: EciClient;

  /** `count` requests at once, as plain HTTP: nothing retries. */
  const rawBurst = (count: number): Promise<RawReply[]> =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const res = await fetch(`${t.api.url}/v1/container-groups`, { headers: { authorization: `Bearer ${t.api.key}` } });
        return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as RawReply["body"] };
      }),
    );

  before(async () => {
    t = await startTestEngine({ rateLimit: { requestsPerSecond: 10, burst: 5 } }, undefined, { api: (url, key) => new PatientApi(url, key) });
    eci = new EciClient({ endpoint: t.api.url, accessKey: t.api.key });
  });
  after(async () => t?.close());

  it("refuses a burst over the limit with 429 rate_limited and Retry-After, while the sdk client gets the same burst through", async () => {
    const replies = await rawBurst(20);
    const refused = replies.filter((r) => r.status === 429);
    expect(replies.filter((r) => r.status === 200).length).to.be.at.least(5);
    expect(refused).to.not.be.empty;
    for (const reply of refused) {
      expect(reply.retryAfter).to.match(/^[1-9][0-9]*$/);
      expect(reply.body).to.deep.equal({
        code: "rate_limited",
        message: `Too many requests with this access key (at most 10 a second, 5 at once); retry in ${reply.retryAfter} s`,
        details: { retryAfterSeconds: Number(reply.retryAfter) },
      });
    }

    const lists = await Promise.all(Array.from({ length: 20 }, () => eci.containerGroups.list()));
    expect(lists.map((l) => l.total)).to.deep.equal(Array(20).fill(0));
  });

  it("counts a terminal's WebSocket like any request: refused before the upgrade, and retried by the sdk", async () => {
    // A terminal asked for with the key as a browser sends it, in a group that does not exist: 404 while
    // the key has tokens, 429 once a burst has spent them.
    const url = `${t.api.url.replace(/^http/, "ws")}/v1/container-groups/cg-missing/containers/app/exec?command=true`;
    const openTerminal = () =>
      new Promise<{ status?: number; retryAfter?: string | string[] }>((resolve, reject) => {
        const socket = new WebSocket(url, ["v5.channel.k8s.io", bearerProtocol(t.api.key)]);
        socket.once("unexpected-response", (req, res) => {
          resolve({ status: res.statusCode, retryAfter: res.headers["retry-after"] });
          req.destroy();
        });
        socket.once("open", () => reject(new Error("a terminal opened in a group that does not exist")));
        socket.once("error", reject);
      });
    const refusal = await waitFor("a terminal refused for the rate", async () => {
      await rawBurst(5);
      const answer = await openTerminal();
      return answer.status === 429 ? answer : undefined;
    });
    expect(refusal.retryAfter).to.match(/^[1-9][0-9]*$/);

    // The sdk waits, tries again, and gets the route's own answer.
    expect(await caught(eci.containerGroups.exec("cg-missing", "app", { command: "true" }))).to.include({ code: "not_found", status: 404 });
  });
});
