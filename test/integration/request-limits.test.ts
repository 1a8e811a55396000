import { expect } from "chai";
import { MAX_CONFIG_BYTES } from "@eci/sdk";
import { BODY_LIMIT_BYTES, MAX_JSON_DEPTH } from "../../engine/src/json-body-parser";
import { type TestEngine, startTestEngine } from "../helpers/test-engine";

describe("requests over the limits or malformed", function () {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });

  // Deletes the group the last case creates, once it may be deleted.
  after(async () => t?.close());

  async function post(path: string, body: string | ReadableStream<Uint8Array>): Promise<{ status: number; body: any }> {
    const res = await fetch(`${t.api.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.api.key}`, "content-type": "application/json" },
      body,
      ...(typeof body === "string" ? {} : { duplex: "half" }),
    } as RequestInit);
    return { status: res.status, body: await res.json() };
  }

  it("answers 413 payload_too_large naming the limit and the declared size", async () => {
    const body = JSON.stringify({ name: "x".repeat(BODY_LIMIT_BYTES) });
    const res = await post("/v1/disks", body);
    expect(res.status).to.equal(413);
    expect(res.body).to.deep.include({ code: "payload_too_large", details: { limitBytes: BODY_LIMIT_BYTES, sizeBytes: Buffer.byteLength(body) } });
    expect(res.body.message).to.equal(`The request body is larger than the limit of ${BODY_LIMIT_BYTES} bytes (2 MiB) (it has ${Buffer.byteLength(body)} bytes)`);
  });

  it("answers 413 to a body sent in chunks once it passes the limit", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > BODY_LIMIT_BYTES * 2) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await post("/v1/disks", stream);
    expect(res.status).to.equal(413);
    expect(res.body).to.deep.include({ code: "payload_too_large", details: { limitBytes: BODY_LIMIT_BYTES } });
  });

  it("refuses a body nested 10,000 deep with 400 malformed_request naming the rule", async () => {
    for (const body of ["[".repeat(10_000) + "]".repeat(10_000), `{"name":${'{"a":'.repeat(10_000)}1${"}".repeat(10_001)}`]) {
      const res = await post("/v1/container-groups", body);
      expect(res.status).to.equal(400);
      expect(res.body).to.deep.equal({
        code: "malformed_request",
        message: `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
        details: { rule: `max_depth:${MAX_JSON_DEPTH}` },
      });
    }
  });

  it("still judges a body nested exactly to the limit by the spec's rules", async () => {
    const res = await post("/v1/disks", `{"name":${"[".repeat(MAX_JSON_DEPTH - 1)}${"]".repeat(MAX_JSON_DEPTH - 1)}}`);
    expect(res.status).to.equal(422);
    expect(res.body.details[0]).to.include({ path: "name", rule: "type:string" });
  });

  it("answers URLs fastify cannot route with the contract's 400 malformed_request", async () => {
    for (const path of ["/v1/disks/%zz", `/v1/disks/${"a".repeat(200)}`]) {
      const res = await t.api.request("GET", path);
      expect(res.status, path).to.equal(400);
      expect(res.body.code, path).to.equal("malformed_request");
    }
  });

  it("accepts a group carrying a full config-file volume of ordinary text", async () => {
    const line = 'key = "value" # a setting\n';
    const content = line.repeat(Math.floor(MAX_CONFIG_BYTES / line.length));
    const spec = {
      name: "big-config",
      containers: [{ name: "app", image: "127.0.0.1:1/fuzz/app:1", volumeMounts: [{ volume: "conf", mountPath: "/etc/app" }] }],
      volumes: [{ name: "conf", configFile: { files: [{ path: "app.conf", content }] } }],
    };
    const res = await post("/v1/container-groups", JSON.stringify(spec));
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(202);
  });
});
