import { rmSync } from "node:fs";
import net from "node:net";

/**
 * A Unix socket in front of the Docker daemon's, for a test to cut what the engine hears: `cutEvents`
 * ends the engine's event streams (`GET /events`) and refuses new ones until `restoreEvents`; every
 * other request passes through.
 */
export class DockerSocketProxy {
  private readonly server: net.Server;
  private readonly events = new Set<net.Socket>();
  private readonly sockets = new Set<net.Socket>();
  private eventsCut = false;

  private constructor(
    readonly socketPath: string,
    target: string,
  ) {
    this.server = net.createServer((client) => {
      this.sockets.add(client);
      const upstream = net.connect(target);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.events.delete(client);
      };
      upstream.on("error", close).on("close", close);
      client.on("error", close).on("close", close);
      upstream.pipe(client);
      // Connections are kept alive and reused, so each request is looked at, not only a connection's first.
      client.on("data", (chunk: Buffer) => {
        if (/^GET \S*\/events[?\s]/.test(chunk.toString("latin1", 0, 200))) {
          if (this.eventsCut) return close();
          this.events.add(client);
        }
        upstream.write(chunk);
      });
    });
  }

  static async start(socketPath: string, target = "/var/run/docker.sock"): Promise<DockerSocketProxy> {
    rmSync(socketPath, { force: true });
    const proxy = new DockerSocketProxy(socketPath, target);
    await new Promise<void>((resolve) => proxy.server.listen(socketPath, resolve));
    return proxy;
  }

  /** Ends every event stream and refuses new ones: what the engine would miss if its connection dropped. */
  cutEvents(): void {
    this.eventsCut = true;
    for (const s of this.events) s.destroy();
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
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.socketPath, { force: true });
  }
}
