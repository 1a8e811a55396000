import { finished } from "node:stream/promises";
import { CHANNEL, type ExecStatus, exitStatus, failureStatus, frame, parseResize, unframe } from "@eci/sdk";
import type { RawData, WebSocket } from "ws";
import type { ExecProcess } from "../runtime/container-runtime";

/**
 * Carries a terminal session between a WebSocket speaking Kubernetes' channel protocol and a process
 * in a container: stdin and resizes in, stdout and stderr out, then the exit status on the status
 * channel and a normal close. Messages that arrive while the process is starting are kept and replayed.
 */
export class TerminalBridge {
  private process?: ExecProcess;
  private readonly early: Uint8Array[] = [];
  private inbox: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly socket: WebSocket) {
    socket.on("message", (raw) => this.receive(toBytes(raw)));
    socket.on("close", () => {
      this.closed = true;
      // The client left: the shell's input ends, as when a terminal is closed.
      this.process?.endInput();
      this.process?.detach();
    });
  }

  /** Attaches the started process, or reports why it could not start. */
  async run(start: () => Promise<ExecProcess>): Promise<void> {
    let process: ExecProcess;
    try {
      process = await start();
    } catch (err) {
      return this.finish(failureStatus(`The terminal could not start: ${(err as Error).message}`));
    }
    this.process = process;
    if (this.closed) return process.detach();
    process.stdout.on("data", (d: Buffer) => this.send(CHANNEL.stdout, d));
    process.stderr.on("data", (d: Buffer) => this.send(CHANNEL.stderr, d));
    for (const message of this.early.splice(0)) this.receive(message);
    try {
      const [code] = await Promise.all([process.exitCode(), finished(process.stdout), finished(process.stderr)]);
      this.finish(exitStatus(code));
    } catch (err) {
      this.finish(failureStatus(`The terminal failed: ${(err as Error).message}`));
    }
  }

  private receive(message: Uint8Array): void {
    if (!this.process) {
      this.early.push(message);
      return;
    }
    // In order: keys typed after a resize reach the shell once the terminal has its new size.
    this.inbox = this.inbox.then(() => this.handle(this.process as ExecProcess, message));
  }

  private async handle(process: ExecProcess, message: Uint8Array): Promise<void> {
    const parsed = unframe(message);
    if (!parsed) return;
    if (parsed.channel === CHANNEL.stdin) process.write(parsed.data);
    else if (parsed.channel === CHANNEL.resize) {
      const size = parseResize(parsed.data);
      if (size) await process.resize(size.cols, size.rows).catch(() => undefined);
    } else if (parsed.channel === CHANNEL.close && parsed.data[0] === CHANNEL.stdin) process.endInput();
  }

  private send(channel: number, data: Uint8Array | string): void {
    if (!this.closed) this.socket.send(frame(channel, data));
  }

  private finish(status: ExecStatus): void {
    this.send(CHANNEL.status, JSON.stringify(status));
    if (!this.closed) this.socket.close(1000);
  }
}

function toBytes(raw: RawData): Uint8Array {
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw;
}
