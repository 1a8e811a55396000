import { expect } from "chai";
import { type TestEngine, startTestEngine } from "../helpers/test-engine";

/** The engine serves the built console (npm run build -w @eci/console) at `/`, without the access key; the API keeps its own. */
describe("the engine serving the console", () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });
  after(async () => {
    await t?.close();
  });

  const get = (path: string, key?: string) => fetch(`${t.api.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  it("answers the console's page at / and at the app's own paths, without a key and never cached", async () => {
    for (const path of ["/", "/groups", `/groups/cg-1a2b3c4d/terminal?container=web`]) {
      const res = await get(path);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get("content-type"), path).to.equal("text/html; charset=utf-8");
      expect(res.headers.get("cache-control"), path).to.equal("no-cache");
      expect(res.headers.get("content-security-policy"), path).to.include("default-src 'self'");
      expect(await res.text(), path).to.include('<div id="root"></div>');
    }
  });

  it("serves the build's hashed scripts and styles with their types, cached for good", async () => {
    const page = await (await get("/")).text();
    const assets = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith(".js"))).to.equal(true);
    expect(assets.some((a) => a.endsWith(".css"))).to.equal(true);
    for (const asset of assets) {
      const res = await get(asset);
      expect(res.status, asset).to.equal(200);
      expect(res.headers.get("content-type"), asset).to.equal(asset.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
      expect(res.headers.get("cache-control"), asset).to.equal("public, max-age=31536000, immutable");
      expect((await res.text()).length, asset).to.be.greaterThan(1000);
    }
    expect((await get("/assets/index-gone.js")).status).to.equal(404);
  });

  it("still answers 401 under /v1 without a key, and the contract's 404 for an unknown endpoint with one", async () => {
    const list = await get("/v1/container-groups");
    expect(list.status).to.equal(401);
    expect(await list.json()).to.deep.equal({ code: "unauthorized", message: "Send the access key as 'Authorization: Bearer <key>'" });
    expect((await get("/v1/no-such-endpoint")).status).to.equal(401);
    const unknown = await get("/v1/no-such-endpoint", t.api.key);
    expect(unknown.status).to.equal(404);
    expect(await unknown.json()).to.deep.equal({ code: "not_found", message: "No such endpoint: GET /v1/no-such-endpoint" });
    // An escaped /v1 is no way around the key: it is the API's path, or no path at all.
    const escaped = await get("/%761/container-groups");
    expect(escaped.status).to.be.oneOf([401, 404]);
    expect(await escaped.text()).not.to.include('"items"');
  });
});
