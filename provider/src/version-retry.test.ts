import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import type { Disk } from "@eci/sdk";
import { ReadyResourceProvider } from "./ready-resource-provider";

/**
 * A fake engine holding one disk, answering as the engine does: `GET` reads it, `PUT` applies the
 * spec and bumps the version unless `If-Match` names another version (409 `version_conflict`).
 * `onRead` stands for another writer changing the disk just after each read.
 */
class FakeDiskEngine {
  readonly requests: string[] = [];
  onRead = () => {};
  disk: Disk = { id: "vol-aaaaaaaa", name: "data", description: "", type: "basic", sizeGB: 20, status: "available", attachedTo: null, hourlyPrice: 0, version: 1, createdAt: AT, updatedAt: AT };
  private readonly server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => this.answer(req, body, res));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const ifMatch = req.headers["if-match"];
    this.requests.push(`${req.method}${ifMatch ? ` ${ifMatch}` : ""}`);
    const send = (status: number, json: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    if (req.method === "GET") {
      send(200, this.disk);
      return this.onRead();
    }
    const expected = ifMatch === undefined ? undefined : Number(ifMatch.replaceAll('"', ""));
    if (expected !== undefined && expected !== this.disk.version) {
      return send(409, { code: "version_conflict", message: `Disk vol-aaaaaaaa is at version ${this.disk.version}, not version ${expected}`, details: { expected, current: this.disk.version } });
    }
    this.disk = { ...this.disk, ...JSON.parse(body), version: this.disk.version + 1 };
    send(200, this.disk);
  }
}

const AT = "2026-03-01T00:00:00.000Z";

describe("ReadyResourceProvider update and versions", () => {
  let engine: FakeDiskEngine;
  const provider = new ReadyResourceProvider("Disk");
  const olds = { name: "data", description: "", type: "basic", sizeGB: 20, status: "available", attachedTo: null, hourlyPrice: 0, version: 1, createdAt: AT };
  const news = { name: "data", description: "grown", type: "basic", sizeGB: 40 };

  beforeEach(async () => {
    engine = new FakeDiskEngine();
    const endpoint = await engine.start();
    const config: Record<string, string> = { "eci:endpoint": endpoint, "eci:accessKey": "test-key" };
    await provider.configure({ config: { get: (key) => config[key] } });
  });
  afterEach(() => engine.stop());

  it("sends the version it last read as If-Match and keeps the new version as an output", async () => {
    const { outs } = await provider.update("vol-aaaaaaaa", olds, news);
    expect(engine.requests).to.deep.equal(['PUT "1"']);
    expect(outs).to.deep.include({ description: "grown", sizeGB: 40, version: 2 });
  });

  it("re-reads and sends the spec again once when the resource changed since it was read", async () => {
    engine.disk = { ...engine.disk, description: "changed elsewhere", version: 3 };
    const { outs } = await provider.update("vol-aaaaaaaa", olds, news);
    expect(engine.requests).to.deep.equal(['PUT "1"', "GET", 'PUT "3"']);
    expect(outs).to.deep.include({ description: "grown", version: 4 });
  });

  it("gives up with the engine's version_conflict when the resource changes again before the retry", async () => {
    engine.disk = { ...engine.disk, version: 2 };
    engine.onRead = () => (engine.disk = { ...engine.disk, version: engine.disk.version + 1 });
    const err = await provider.update("vol-aaaaaaaa", olds, news).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message: string },
    );
    expect(err?.code).to.equal("version_conflict");
    expect(err?.message).to.contain("is at version 3, not version 2");
    expect(engine.requests).to.deep.equal(['PUT "1"', "GET", 'PUT "2"']);
    expect(engine.disk.description).to.equal("");
  });

  it("sends no If-Match for a state written before resources had versions", async () => {
    const { version: _version, ...oldState } = olds;
    await provider.update("vol-aaaaaaaa", oldState, news);
    expect(engine.requests).to.deep.equal(["PUT"]);
  });
});
