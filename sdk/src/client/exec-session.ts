import { PassThrough } from "node:stream";
import WebSocket from "ws";
import { CHANNEL, EXEC_PROTOCOLS, type ExecStatus, decodeText, exitCodeOf, frame, resizeFrame, unframe } from "../exec/channel-protocol";
import { errorFromAnswer, errorFromNetwork } from "./request-errors";

export interface ExecOptions {
  /** Run `sh -c <command>` instead of an interactive `sh`. */
  command?: string;
  /** A terminal (default true): stdout and stderr come as one stream, and `resize` applies. */
  tty?: boolean;
}

/** How a terminal session ended: the exit code (null when the command did not end by exiting), and the status the engine sent. */
export interface ExecResult {
  exitCode: number | null;
  status: ExecStatus | null;
}

/**
 * A terminal session in a running container over the engine's WebSocket (Kubernetes'
 * `v5.channel.k8s.io` framing). Write to its stdin, read `stdout` and `stderr`, and await `exit`.
 */
export class ExecSession {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  /** Resolves when the session has ended, with the command's exit code. */
  readonly exit: Promise<ExecResult>;

  private constructor(private readonly socket: WebSocket) {
    let status: ExecStatus | null = null;
    socket.on("message", (raw: Buffer) => {
      const message = unframe(raw);
      if (message?.channel === CHANNEL.stdout) this.stdout.write(message.data);
      else if (message?.channel === CHANNEL.stderr) this.stderr.write(message.data);
      else if (message?.channel === CHANNEL.status) status = JSON.parse(decodeText(message.data)) as ExecStatus;
    });
    this.exit = new Promise((resolve) => {
      socket.on("close", () => {
        this.stdout.end();
        this.stderr.end();
        resolve({ exitCode: status ? exitCodeOf(status) : null, status });
      });
    });
  }

  /**
   * Opens a session at `url` (`ws://`, or `wss://` trusting `ca` when given); an HTTP refusal (404, 409
   * naming the container's state, 401, 429) rejects with its `EciError`. Opening is tried once: `EciClient`
   * retries it.
   */
  static open(url: string, accessKey: string, options: { ca?: string | Buffer } = {}): Promise<ExecSession> {
    const socket = new WebSocket(url, [...EXEC_PROTOCOLS], { headers: { authorization: `Bearer ${accessKey}` }, ca: options.ca });
    return new Promise((resolve, reject) => {
      const session = new ExecSession(socket);
      socket.once("open", () => resolve(session));
      socket.once("error", (err) => reject(errorFromNetwork("GET", url, err)));
      socket.once("unexpected-response", (req, res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        res.on("end", () => {
          req.destroy();
          reject(errorFromAnswer("GET", url, res.statusCode ?? 0, safeJson(text), res.headers["retry-after"]));
        });
      });
    });
  }

  write(data: string | Uint8Array): void {
    this.socket.send(frame(CHANNEL.stdin, data));
  }

  resize(cols: number, rows: number): void {
    this.socket.send(resizeFrame(cols, rows));
  }

  /** Ends the command's input (as Ctrl-D at an empty prompt would for a shell). */
  end(): void {
    if (this.socket.protocol === "v5.channel.k8s.io") this.socket.send(frame(CHANNEL.close, new Uint8Array([CHANNEL.stdin])));
    // v4 has no way to end the input alone: closing the connection ends it.
    else this.socket.close(1000);
  }

  /** Leaves the session; the command's input ends. */
  close(): void {
    this.socket.close(1000);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
