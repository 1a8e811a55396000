import { type Socket as UdpSocket, createSocket } from "node:dgram";
import { type Server, type Socket, connect, createServer } from "node:net";
import type { Logger } from "../logger";

export interface Endpoint {
  address: string;
  port: number;
}

/** One forwarding: what listens where, where it goes, and who may come in (asked per connection or datagram). */
export interface ForwardRule {
  protocol: "TCP" | "UDP";
  listen: Endpoint;
  target: Endpoint;
  admit: (source: string) => boolean;
}

/** How long a UDP client's session (its own socket towards the target) lives without traffic. */
const UDP_IDLE_MS = 30_000;

interface Listener {
  rule: ForwardRule;
  close(): Promise<void>;
}

/**
 * A userland proxy for EIPs: TCP and UDP listeners on EIP addresses that forward to private IPs.
 * `apply` makes the listeners match a set of rules: it opens the new ones, closes the ones no longer
 * wanted, and retargets the rest in place, so a rule change never touches a container.
 */
export class PortForwarder {
  private readonly listeners = new Map<string, Listener>();

  constructor(private readonly logger: Logger) {}

  async apply(rules: ForwardRule[]): Promise<void> {
    const wanted = new Map(rules.map((r) => [keyOf(r), r]));
    for (const [key, listener] of this.listeners) {
      if (wanted.has(key)) continue;
      this.listeners.delete(key);
      await listener.close();
      this.logger.info({ listen: key }, "Stopped forwarding");
    }
    for (const [key, rule] of wanted) {
      const existing = this.listeners.get(key);
      if (existing) {
        existing.rule = rule;
        continue;
      }
      try {
        this.listeners.set(key, rule.protocol === "TCP" ? await listenTcp(rule) : await listenUdp(rule));
        this.logger.info({ listen: key, target: `${rule.target.address}:${rule.target.port}` }, "Forwarding");
      } catch (err) {
        this.logger.warn({ listen: key, err }, "Cannot listen for forwarding");
      }
    }
  }

  async close(): Promise<void> {
    await this.apply([]);
  }
}

function keyOf(r: ForwardRule): string {
  return `${r.protocol.toLowerCase()}://${r.listen.address}:${r.listen.port}`;
}

async function listenTcp(initial: ForwardRule): Promise<Listener> {
  const sockets = new Set<Socket>();
  const listener: Listener = { rule: initial, close: () => closeServer(server, sockets) };
  // Half-open both ways: a client that half-closes after its request (HTTP/1.0 clients, `nc -N`) still
  // gets the answer; `pipe` passes each side's end on to the other.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const { rule } = listener;
    if (!rule.admit(client.remoteAddress ?? "")) return void client.destroy();
    const upstream = connect({ port: rule.target.port, host: rule.target.address, allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => (client.destroy(), upstream.destroy()));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(initial.listen.port, initial.listen.address, () => (server.off("error", reject), resolve()));
  });
  return listener;
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function listenUdp(initial: ForwardRule): Promise<Listener> {
  const socket = createSocket("udp4");
  const sessions = new Map<string, { upstream: UdpSocket; lastSeen: number }>();
  const sweep = setInterval(() => {
    for (const [client, s] of sessions) if (Date.now() - s.lastSeen > UDP_IDLE_MS) (s.upstream.close(), sessions.delete(client));
  }, UDP_IDLE_MS).unref();
  const listener: Listener = {
    rule: initial,
    close: async () => {
      clearInterval(sweep);
      for (const s of sessions.values()) s.upstream.close();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
  socket.on("message", (message, from) => {
    const { rule } = listener;
    if (!rule.admit(from.address)) return;
    const client = `${from.address}:${from.port}`;
    let session = sessions.get(client);
    if (!session) {
      const upstream = createSocket("udp4");
      upstream.on("message", (reply) => socket.send(reply, from.port, from.address));
      upstream.on("error", () => (upstream.close(), sessions.delete(client)));
      session = { upstream, lastSeen: Date.now() };
      sessions.set(client, session);
    }
    session.lastSeen = Date.now();
    session.upstream.send(message, rule.target.port, rule.target.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(initial.listen.port, initial.listen.address, () => (socket.off("error", reject), resolve()));
  });
  return listener;
}
