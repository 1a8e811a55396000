import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";

/** Vite names every asset after its content: a new build makes new names, so a browser may keep them for good. */
const ASSET_CACHE = "public, max-age=31536000, immutable";
/** The page names the current build's assets: a browser must ask again every time. */
const PAGE_CACHE = "no-cache";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * What the console's page may do: load its own files, talk to this engine (fetch and the terminal's
 * WebSocket), and nothing else; no other site may frame it (it can delete things).
 */
const PAGE_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The built console of the `@eci/console` package, when it is installed. */
export function bundledConsoleDir(): string | undefined {
  try {
    return path.join(path.dirname(require.resolve("@eci/console/package.json")), "dist");
  } catch {
    return undefined;
  }
}

/** Whether a URL is the API's: those need the access key, everything else is the console. */
export function isApiUrl(url: string): boolean {
  return /^\/v1(?:[/?#]|$)/.test(url);
}

/** A request for the console: a GET (or HEAD) of a path outside /v1, which the API has no route for. */
export function isConsoleRequest(req: FastifyRequest): boolean {
  return (req.method === "GET" || req.method === "HEAD") && !isApiUrl(req.url);
}

/**
 * The web console (SPEC §9), as the answer to every console request the API does not route: the files
 * of `dir` (a Vite build), and `index.html` for any other path, so the app's own routes survive a
 * reload. Without a build there, it explains how to make one. The console needs no access key (its
 * page asks for one); the API's routes, and every other path under /v1, keep theirs.
 */
export function consoleFiles(dir: string | undefined): (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  const root = dir === undefined ? undefined : path.resolve(dir);
  return async (req, reply) => {
    let wanted: string;
    try {
      wanted = decodeURIComponent(new URL(req.url, "http://console").pathname).slice(1);
    } catch {
      return notFound(reply, req.url.slice(1));
    }
    if (root === undefined || !(await isFile(path.join(root, "index.html")))) return notBuilt(reply, root);
    const file = path.resolve(root, wanted);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(reply, wanted);
    if (file !== root && (await isFile(file))) {
      const type = CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream";
      if (type.startsWith("text/html")) return sendPage(reply, file);
      const cache = wanted.startsWith("assets/") ? ASSET_CACHE : PAGE_CACHE;
      return reply.code(200).type(type).header("cache-control", cache).header("x-content-type-options", "nosniff").send(createReadStream(file));
    }
    // A missing asset is an old page asking for a build that is gone: say so, rather than answer the page.
    if (wanted.startsWith("assets/")) return notFound(reply, wanted);
    return sendPage(reply, path.join(root, "index.html"));
  };
}

async function sendPage(reply: FastifyReply, file: string): Promise<FastifyReply> {
  return reply
    .code(200)
    .type("text/html; charset=utf-8")
    .header("cache-control", PAGE_CACHE)
    .header("content-security-policy", PAGE_POLICY)
    .header("x-content-type-options", "nosniff")
    .send(await readFile(file));
}

function notFound(reply: FastifyReply, wanted: string): FastifyReply {
  return reply.code(404).type("text/plain; charset=utf-8").send(`Not found: /${wanted}\n`);
}

function notBuilt(reply: FastifyReply, root: string | undefined): FastifyReply {
  const where = root === undefined ? "The @eci/console package is not installed next to the engine." : `There is no index.html in ${root}.`;
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ECI console not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The ECI console is not built</h1>
<p>${escapeHtml(where)}</p>
<p>Build it with <code>npm run build -w @eci/console</code> in the repository, or point the engine at a build with
<code>--console-dir DIR</code> (<code>ECI_CONSOLE_DIR</code>). The API answers under <code>/v1</code> as usual.</p>
</body></html>
`;
  return reply.code(404).type("text/html; charset=utf-8").header("cache-control", PAGE_CACHE).send(page);
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
