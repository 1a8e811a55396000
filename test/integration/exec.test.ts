import { expect } from "chai";
import WebSocket from "ws";
import { CHANNEL, EciClient, type ExecSession, bearerProtocol, decodeText, frame, hasCode, resizeFrame, unframe } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";

/** Terminals a test opened: closed after it, whatever happened. */
const OPENED: RawTerminal[] = [];

/** A raw client of the terminal, as kubectl or a browser speaks it: frames in, output and the status collected. */
class RawTerminal {
  output = "";
  status: Record<string, unknown> | undefined;
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (raw: Buffer) => {
      const message = unframe(raw);
      if (message?.channel === CHANNEL.stdout || message?.channel === CHANNEL.stderr) this.output += decodeText(message.data);
      if (message?.channel === CHANNEL.status) this.status = JSON.parse(decodeText(message.data));
    });
    this.closed = new Promise((resolve) => socket.on("close", (code) => resolve(code)));
  }

  static open(url: string, protocols: string[], headers: Record<string, string> = {}): Promise<RawTerminal> {
    const socket = new WebSocket(url, protocols, { headers });
    return new Promise((resolve, reject) => {
      const terminal = new RawTerminal(socket);
      OPENED.push(terminal);
      socket.once("open", () => resolve(terminal));
      socket.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once("error", reject);
    });
  }

  type(text: string): void {
    this.socket.send(frame(CHANNEL.stdin, text));
  }

  /** Waits until the output holds a line matching `pattern`. */
  async line(pattern: RegExp): Promise<RegExpMatchArray> {
    return waitFor(`a line matching ${pattern}`, () => this.output.split(/\r?\n/).map((l) => l.match(pattern)).find(Boolean) ?? undefined, { last: () => this.output, timeoutMs: 10_000 });
  }
}

describe("The terminal: a WebSocket speaking Kubernetes' exec protocol", function () {
  this.timeout(60_000);
  let t: TestEngine;
  let eci: EciClient;
  let groupId: string;
  let url: string;

  before(async () => {
    t = await startTestEngine();
    eci = new EciClient({ endpoint: t.api.url, accessKey: t.api.key });
    const group = await t.api.createGroup({
      name: "shell",
      restartPolicy: "Never",
      containers: [
        { name: "app", image: TEST_IMAGES.busybox, command: ["sleep", "3600"] },
        { name: "done", image: TEST_IMAGES.busybox, command: ["true"] },
      ],
    });
    groupId = group.id;
    await t.api.waitForGroup(group.id, "app running and done terminated", (g) => g.containers[0].state === "running" && g.containers[1].state === "terminated");
    url = `${t.api.url.replace(/^http/, "ws")}/v1/container-groups/${groupId}/containers/app/exec`;
  });

  afterEach(() => OPENED.splice(0).forEach((terminal) => terminal.socket.close()));
  after(async () => t?.close());

  it("runs an interactive sh with a TTY: typed input is evaluated and echoed back", async () => {
    const terminal = await RawTerminal.open(url, ["v5.channel.k8s.io"], { authorization: `Bearer ${t.api.key}` });
    expect(terminal.socket.protocol).to.equal("v5.channel.k8s.io");
    terminal.type("echo $((6*7))\n");
    await terminal.line(/^42$/);
    terminal.type("exit\n");
    expect(await terminal.closed).to.equal(1000);
    expect(terminal.status).to.deep.equal({ metadata: {}, status: "Success" });
  });

  it("applies a resize: stty size reads the new size", async () => {
    const terminal = await RawTerminal.open(url, ["v5.channel.k8s.io"], { authorization: `Bearer ${t.api.key}` });
    terminal.socket.send(resizeFrame(100, 30));
    terminal.type("stty size\n");
    await terminal.line(/^30 100$/);
    terminal.socket.send(resizeFrame(132, 43));
    terminal.type("stty size\n");
    await terminal.line(/^43 132$/);
  });

  it("reports a non-zero exit code on the status channel, as Kubernetes does", async () => {
    const terminal = await RawTerminal.open(url, ["v5.channel.k8s.io"], { authorization: `Bearer ${t.api.key}` });
    terminal.type("exit 3\n");
    await terminal.closed;
    expect(terminal.status).to.deep.equal({
      metadata: {},
      status: "Failure",
      reason: "NonZeroExitCode",
      message: "command terminated with non-zero exit code: 3",
      details: { causes: [{ reason: "ExitCode", message: "3" }] },
    });
  });

  it("ends the session when the client closes stdin", async () => {
    const terminal = await RawTerminal.open(url, ["v5.channel.k8s.io"], { authorization: `Bearer ${t.api.key}` });
    terminal.type("echo before-eof\n");
    await terminal.line(/^before-eof$/);
    terminal.socket.send(frame(CHANNEL.close, new Uint8Array([CHANNEL.stdin])));
    expect(await terminal.closed).to.equal(1000);
    expect(terminal.status, JSON.stringify(terminal.status)).to.deep.equal({ metadata: {}, status: "Success" });
  });

  it("takes the key as a bearer subprotocol, where a browser cannot set headers, and speaks v4 to an older client", async () => {
    const terminal = await RawTerminal.open(url, ["v4.channel.k8s.io", bearerProtocol(t.api.key)]);
    expect(terminal.socket.protocol).to.equal("v4.channel.k8s.io");
    terminal.type("echo $((6*7))\n");
    await terminal.line(/^42$/);
    const refused = await RawTerminal.open(url, ["v5.channel.k8s.io", bearerProtocol("eci_not-a-key")]).catch((e: Error) => e.message);
    expect(refused).to.equal("HTTP 401");
  });

  it("runs a one-shot command without a TTY, stdout and stderr apart, through the sdk", async () => {
    const session = await eci.containerGroups.exec(groupId, "app", { command: "echo out; echo err >&2; exit 5", tty: false });
    const [stdout, stderr] = [collect(session, "stdout"), collect(session, "stderr")];
    const result = await session.exit;
    expect(result.exitCode).to.equal(5);
    expect(await stdout).to.equal("out\n");
    expect(await stderr).to.equal("err\n");
  });

  it("feeds the sdk session's input to the command until it is ended", async () => {
    const session = await eci.containerGroups.exec(groupId, "app", { command: "wc -c", tty: false });
    const stdout = collect(session, "stdout");
    session.write("twelve bytes");
    session.end();
    expect((await session.exit).exitCode).to.equal(0);
    expect((await stdout).trim()).to.equal("12");
  });

  it("answers 409 naming the state for a container that is not running, and 404 for a container the group does not have", async () => {
    const terminated = await eci.containerGroups.exec(groupId, "done").catch((e: unknown) => e);
    expect(hasCode(terminated, "invalid_state")).to.equal(true);
    expect(terminated).to.deep.include({ status: 409, details: { state: "terminated" } });
    expect((terminated as Error).message).to.contain("Container done of group");
    const missing = await eci.containerGroups.exec(groupId, "nope").catch((e: unknown) => e);
    expect(missing).to.deep.include({ code: "not_found", status: 404 });
  });

  it("refuses a WebSocket that offers no exec subprotocol, and a bad query, before accepting it", async () => {
    const res = await t.api.request("GET", `/v1/container-groups/${groupId}/containers/app/exec`);
    expect(res.status).to.be.oneOf([400, 404]);
    const plain = await RawTerminal.open(url, ["chat"], { authorization: `Bearer ${t.api.key}` }).catch((e: Error) => e.message);
    expect(plain).to.equal("HTTP 400");
    const badQuery = await eci.containerGroups.exec(groupId, "app", { command: "" }).catch((e: unknown) => e);
    expect(badQuery).to.deep.include({ code: "validation_failed", status: 422 });
  });
});

function collect(session: ExecSession, stream: "stdout" | "stderr"): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    session[stream].on("data", (d: Buffer) => (text += d.toString("utf8")));
    session[stream].on("end", () => resolve(text));
  });
}
