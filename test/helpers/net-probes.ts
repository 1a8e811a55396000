import { createSocket } from "node:dgram";
import { connect } from "node:net";

/** What a TCP connection gets: the page, or `refused`/`closed`/`timeout` when the forwarder or firewall turned it away. */
export async function httpGet(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    let data = "";
    socket.setTimeout(3000, () => (socket.destroy(), resolve("timeout")));
    socket.on("connect", () => socket.write(`GET / HTTP/1.0\r\nHost: ${host}\r\n\r\n`));
    socket.on("data", (d) => (data += d.toString()));
    socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED" ? "refused" : "closed"));
    socket.on("close", () => resolve(data ? data.slice(data.indexOf("\r\n\r\n") + 4) : "closed"));
  });
}

/** The answer of a UDP echo server to one datagram, or `no answer`. */
export async function udpEcho(host: string, port: number, message: string): Promise<string> {
  const socket = createSocket("udp4");
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve("no answer"), 1500);
      socket.on("message", (m) => (clearTimeout(timer), resolve(m.toString())));
      socket.send(message, port, host);
    });
  } finally {
    socket.close();
  }
}

/** Redis's raw answers to inline commands (`SET k v`), the closing `QUIT` included. */
export async function redisCommands(host: string, port: number, ...commands: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let data = "";
    socket.setTimeout(5000, () => (socket.destroy(), reject(new Error(`Redis at ${host}:${port} did not answer ${commands.join("; ")}`))));
    socket.on("connect", () => socket.write([...commands, "QUIT"].map((c) => `${c}\r\n`).join("")));
    socket.on("data", (d) => (data += d.toString()));
    socket.on("error", reject);
    socket.on("close", () => resolve(data));
  });
}
