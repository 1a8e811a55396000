import { CliError } from "./errors";

/**
 * Asks for a secret at the terminal without echoing it (Enter ends it, Backspace erases, Ctrl-C stops);
 * from a pipe or a file, reads its first line instead, as `docker login --password-stdin` does.
 */
export async function readSecret(question: string, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (!stdin.isTTY) {
    const text = await new Promise<string>((resolve, reject) => {
      let data = "";
      stdin.setEncoding("utf8").on("data", (chunk: string) => (data += chunk)).once("end", () => resolve(data)).once("error", reject);
    });
    return text.split(/\r?\n/)[0].trim();
  }
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8").resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let secret = "";
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === "\r" || ch === "\n") return void (stdin.off("data", onData), resolve(secret));
          if (ch === "\u0003") return void (stdin.off("data", onData), reject(new CliError("Interrupted")));
          secret = ch === "\u007f" || ch === "\b" ? secret.slice(0, -1) : secret + ch;
        }
      };
      stdin.on("data", onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write("\n");
  }
}
