import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { consoleFiles, isApiUrl, isConsoleRequest } from "./console-files";

describe("consoleFiles", () => {
  let dir: string;
  let app: FastifyInstance;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "eci-console-"));
    app = Fastify();
  });
  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function build(): void {
    mkdirSync(path.join(dir, "assets"));
    writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>ECI</title>");
    writeFileSync(path.join(dir, "assets", "index-abc123.js"), "console.log(1)");
    writeFileSync(path.join(dir, "assets", "index-abc123.css"), "body{}");
    writeFileSync(path.join(dir, "favicon.svg"), "<svg/>");
  }

  it("answers the page for / and for the app's own paths, never cached", async () => {
    build();
    app.setNotFoundHandler(consoleFiles(dir));
    for (const url of ["/", "/groups", "/groups/cg-1a2b3c4d/logs?container=web"]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).to.equal(200);
      expect(res.headers["content-type"], url).to.equal("text/html; charset=utf-8");
      expect(res.headers["cache-control"], url).to.equal("no-cache");
      expect(res.headers["content-security-policy"], url).to.include("frame-ancestors 'none'");
      expect(res.body, url).to.equal("<!doctype html><title>ECI</title>");
    }
  });

  it("serves the hashed assets with their types, cached for good", async () => {
    build();
    app.setNotFoundHandler(consoleFiles(dir));
    const js = await app.inject({ url: "/assets/index-abc123.js" });
    expect([js.statusCode, js.headers["content-type"], js.headers["cache-control"], js.body]).to.deep.equal([200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "console.log(1)"]);
    const css = await app.inject({ url: "/assets/index-abc123.css" });
    expect([css.statusCode, css.headers["content-type"]]).to.deep.equal([200, "text/css; charset=utf-8"]);
    const icon = await app.inject({ url: "/favicon.svg" });
    expect([icon.statusCode, icon.headers["content-type"], icon.headers["cache-control"]]).to.deep.equal([200, "image/svg+xml", "no-cache"]);
  });

  it("answers 404 for an asset the build does not have, instead of the page", async () => {
    build();
    app.setNotFoundHandler(consoleFiles(dir));
    const res = await app.inject({ url: "/assets/index-old.js" });
    expect([res.statusCode, res.body]).to.deep.equal([404, "Not found: /assets/index-old.js\n"]);
  });

  it("never serves a file outside its directory", async () => {
    build();
    const secret = `${dir}-secret.txt`;
    writeFileSync(secret, "secret");
    app.setNotFoundHandler(consoleFiles(dir));
    try {
      // Encoded slashes reach the handler as `assets/../../<secret>`: a path that leaves the directory.
      const res = await app.inject({ url: `/assets/..%2f..%2f${path.basename(secret)}` });
      expect([res.statusCode, res.body]).to.deep.equal([404, `Not found: /assets/../../${path.basename(secret)}\n`]);
    } finally {
      rmSync(secret);
    }
  });

  it("explains how to build the console when there is no build", async () => {
    app.setNotFoundHandler(consoleFiles(dir));
    const res = await app.inject({ url: "/" });
    expect(res.statusCode).to.equal(404);
    expect(res.headers["content-type"]).to.equal("text/html; charset=utf-8");
    expect(res.body).to.include("The ECI console is not built");
    expect(res.body).to.include(`There is no index.html in ${dir}.`);
    expect(res.body).to.include("npm run build -w @eci/console");
    expect(res.body).to.include("--console-dir");
  });
});

describe("isConsoleRequest", () => {
  it("takes GETs outside /v1 for the console, and leaves the API's URLs and other methods to the API", () => {
    const request = (method: string, url: string) => isConsoleRequest({ method, url } as FastifyRequest);
    expect(["/", "/groups", "/v1x", "/v10/a", "/groups/v1", "/assets/v1.js"].map((url) => request("GET", url))).to.deep.equal([true, true, true, true, true, true]);
    expect(request("HEAD", "/")).to.equal(true);
    expect(["/v1", "/v1/", "/v1/container-groups", "/v1?x=1"].map(isApiUrl)).to.deep.equal([true, true, true, true]);
    expect(["/v1", "/v1/nope"].map((url) => request("GET", url))).to.deep.equal([false, false]);
    expect(["POST", "PUT", "DELETE"].map((method) => request(method, "/"))).to.deep.equal([false, false, false]);
  });
});
