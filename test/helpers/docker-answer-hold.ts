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
 * A proxy on a Unix socket in front of the Docker daemon's, for an engine started with
 * `DOCKER_HOST=unix://<socketPath>`. It passes everything through, except that a test can hold back
 * Docker's answer to one chosen request: then Docker has acted and the engine has not heard of it,
 * the moment to kill the engine to find what it leaves half-done. Hijacked connections (attach, exec)
 * are not supported.
 */
export class DockerAnswerHold {
  private readonly rules: Rule[] = [];
  private readonly held: http.ServerResponse[] = [];

  private constructor(
    private readonly server: http.Server,
    private readonly dir: string,
    readonly socketPath: string,
  ) {}

  static async start(): Promise<DockerAnswerHold> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "eci-docker-hold-"));
    const socketPath = path.join(dir, "docker.sock");
    let proxy: DockerAnswerHold | undefined;
    const server = http.createServer((req, res) => proxy?.forward(req, res));
    proxy = new DockerAnswerHold(server, dir, socketPath);
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    return proxy;
  }

  /** Resolves once Docker has answered the next `method` request whose path matches, and holds that answer back. */
  hold(method: string, pathPattern: RegExp): Promise<void> {
    return new Promise((resolve) => this.rules.push({ method, path: pathPattern, heldAt: resolve }));
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? "/";
    const ruleIndex = this.rules.findIndex((r) => r.method === req.method && r.path.test(url.replace(/\?.*$/, "")));
    const rule = ruleIndex >= 0 ? this.rules.splice(ruleIndex, 1)[0] : undefined;
    const upstream = http.request({ socketPath: DOCKER_SOCKET, method: req.method, path: url, headers: req.headers }, (answer) => {
      if (rule) {
        answer.resume();
        this.held.push(res);
        rule.heldAt();
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  }
}
