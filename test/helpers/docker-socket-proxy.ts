import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const DOCKER_SOCKET = "/var/run/docker.sock";

interface Rule {
  method: string;
  path: RegExp;
  heldAt: () => void;
}

/**
 * A proxy on a Unix socket in front of the Docker daemon's, for an engine given its `socketPath`
 * (`DOCKER_HOST=unix://<socketPath>`, or dockerode's `socketPath`). It passes every request through,
 * except that a test can
 * - hold back Docker's answer to one chosen request (`hold`): Docker has acted and the engine has not
 *   heard of it, the moment to kill the engine to find what it leaves half-done;
 * - cut the engine's event streams (`cutEvents`), refusing new ones until `restoreEvents`: what the
 *   engine would miss if its connection dropped.
 * Hijacked connections (attach, exec) are not supported.
 */
export class DockerSocketProxy {
  private readonly rules: Rule[] = [];
  private readonly held: http.ServerResponse[] = [];
  private readonly events = new Set<http.ServerResponse>();
  private eventsCut = false;

  private constructor(
    private readonly server: http.Server,
    private readonly dir: string,
    readonly socketPath: string,
  ) {}

  static async start(): Promise<DockerSocketProxy> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "eci-docker-proxy-"));
    const socketPath = path.join(dir, "docker.sock");
    let proxy: DockerSocketProxy | undefined;
    const server = http.createServer((req, res) => proxy?.forward(req, res));
    proxy = new DockerSocketProxy(server, dir, socketPath);
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    return proxy;
  }

  /** Resolves once Docker has answered the next `method` request whose path matches, and holds that answer back. */
  hold(method: string, pathPattern: RegExp): Promise<void> {
    return new Promise((resolve) => this.rules.push({ method, path: pathPattern, heldAt: resolve }));
  }

  /** Ends every event stream and refuses new ones. */
  cutEvents(): void {
    this.eventsCut = true;
    for (const res of this.events) res.destroy();
    this.events.clear();
  }

  restoreEvents(): void {
    this.eventsCut = false;
  }

  /** How many event streams are open now. */
  get eventStreams(): number {
    return this.events.size;
  }

  async close(): Promise<void> {
    for (const res of [...this.held, ...this.events]) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? "/";
    const route = url.replace(/\?.*$/, "");
    if (req.method === "GET" && /\/events$/.test(route)) {
      if (this.eventsCut) return void res.destroy();
      this.events.add(res);
      res.on("close", () => this.events.delete(res));
    }
    const ruleIndex = this.rules.findIndex((r) => r.method === req.method && r.path.test(route));
    const rule = ruleIndex >= 0 ? this.rules.splice(ruleIndex, 1)[0] : undefined;
    const upstream = http.request({ socketPath: DOCKER_SOCKET, method: req.method, path: url, headers: req.headers }, (answer) => {
      if (rule) {
        answer.resume();
        this.held.push(res);
        rule.heldAt();
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      // At once, as Docker sent them: an event stream's headers come long before its first event.
      res.flushHeaders();
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  }
}
