import { type AddressInfo, type Server, connect, createServer } from "node:net";
import { expect } from "chai";
import { silentLogger } from "../logger";
import { type ForwardRule, PortForwarder } from "./port-forwarder";

/** A TCP server that reads the whole request (until the client's FIN), then answers with what it read. */
async function echoAfterEnd(prefix: string): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    let data = "";
    socket.on("data", (d) => (data += d.toString()));
    socket.on("end", () => socket.end(`${prefix}:${data}`));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** Sends `message`, half-closes (as `nc -N` or an HTTP/1.0 client may), and returns the answer, or the error code. */
function ask(port: number, message: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(message));
    let data = "";
    socket.on("data", (d) => (data += d.toString()));
    socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    socket.on("close", () => resolve(data || "closed"));
  });
}

describe("PortForwarder", () => {
  const forwarder = new PortForwarder(silentLogger);
  const servers: Server[] = [];
  after(async () => {
    await forwarder.close();
    for (const s of servers) s.close();
  });

  it("carries a request the client half-closed, and the answer back; follows retargets and admission in place", async () => {
    const [a, b] = [await echoAfterEnd("a"), await echoAfterEnd("b")];
    servers.push(a, b);
    const listen = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const rule = (target: Server, admit: boolean): ForwardRule => ({
      protocol: "TCP",
      listen: { address: "127.0.0.1", port: listen },
      target: { address: "127.0.0.1", port: (target.address() as AddressInfo).port },
      admit: () => admit,
    });
    await forwarder.apply([rule(a, true)]);
    expect(await ask(listen, "hello")).to.equal("a:hello");
    await forwarder.apply([rule(b, true)]);
    expect(await ask(listen, "again")).to.equal("b:again");
    await forwarder.apply([rule(b, false)]);
    expect(await ask(listen, "refused")).to.be.oneOf(["closed", "ECONNRESET"]);
    await forwarder.apply([]);
    expect(await ask(listen, "gone")).to.equal("ECONNREFUSED");
  });
});
