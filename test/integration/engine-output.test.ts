import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { exited, freePort } from "../helpers/engine-process";
import { waitFor } from "../helpers/wait-for";

const BIN = path.resolve(__dirname, "../../engine/bin/eci-engine.js");
const ESC = "\u001b[";

/** The engine's bin started as a person starts it: on a real terminal (util-linux `script`), or with its output piped. */
function startEngine(how: "terminal" | "pipe", args: string[], dataDir: string, port: number): { proc: ChildProcess; output: string[] } {
  const engine = [process.execPath, BIN, "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir, ...args];
  const env: NodeJS.ProcessEnv = { ...process.env, ECI_LOG_LEVEL: "info" };
  delete env.NO_COLOR;
  const proc = how === "terminal" ? spawn("script", ["-qfec", engine.join(" "), "/dev/null"], { env, stdio: ["pipe", "pipe", "pipe"] }) : spawn(engine[0], engine.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  for (const stream of [proc.stdout, proc.stderr]) stream?.on("data", (d: Buffer) => output.push(d.toString("utf8")));
  return { proc, output };
}

describe("the engine's own output", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "eci-output-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  async function run(how: "terminal" | "pipe", args: string[] = []): Promise<string[]> {
    const port = await freePort();
    const { proc, output } = startEngine(how, args, dataDir, port);
    try {
      await waitFor("the engine to say it started", () => (output.join("").includes("Started engine") ? true : undefined), { timeoutMs: 30_000 });
      await fetch(`http://127.0.0.1:${port}/v1/container-groups`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
      await waitFor("the request's line", () => (output.join("").includes("POST /v1/container-groups 401") ? true : undefined));
    } finally {
      // Under `script` the engine is a grandchild: SIGINT reaches it through the terminal, as Ctrl-C would.
      if (how === "terminal") proc.stdin?.write("\u0003");
      else proc.kill("SIGINT");
      await exited(proc);
    }
    // The terminal echoes the Ctrl-C as "^C" before the engine's last lines.
    return output.join("").replaceAll("^C", "").split(/\r?\n/).filter((line) => line.trim() !== "");
  }

  it("writes one coloured line per event on a terminal: time, level, message and fields", async () => {
    const lines = await run("terminal");
    const started = lines.find((l) => l.includes("Started engine")) as string;
    expect(started, lines.join("\n")).to.match(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] /);
    expect(started).to.include(`${ESC}32mINFO${ESC}39m`);
    expect(started).to.match(/"listen":"http:\/\/127\.0\.0\.1:\d+"/);
    // One line per request, not fastify's two.
    expect(lines.filter((l) => l.includes("/v1/container-groups"))).to.have.length(1);
    expect(lines.some((l) => l.includes("Stopped engine"))).to.equal(true);
  });

  it("stays JSON, one object per line, when its output is a pipe or when --log-format json is asked", async () => {
    for (const [how, args] of [["pipe", []], ["terminal", ["--log-format", "json"]]] as const) {
      const lines = await run(how, [...args]);
      const records = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(records.map((r) => r.msg)).to.include.members(["Started engine", "POST /v1/container-groups 401", "Stopped engine"]);
      expect(lines.join("")).not.to.include(ESC);
    }
  });
});
