import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import type { ContainerGroup } from "@eci/sdk";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { type TestEngine, docker, startTestEngine } from "../helpers/test-engine";
import { waitFor } from "../helpers/wait-for";
import { ECI_BIN, eciEnv, killStartedEci, runEci, startEci } from "./run-eci";

const BUSYBOX = TEST_IMAGES.busybox;

/** Docker's container ids of a group, by container name: a changed id is a re-created container. */
async function dockerIds(groupId: string): Promise<Record<string, string>> {
  const list = await docker.listContainers({ all: true, filters: { label: [`eci.group=${groupId}`] } });
  return Object.fromEntries(list.map((c) => [c.Labels["eci.container"] || "(sandbox)", c.Id]));
}

function specYaml(mode: string): string {
  return [
    "name: applied",
    "labels:",
    "  team: cli",
    "containers:",
    "  - name: keep",
    `    image: ${BUSYBOX}`,
    "    command: [sleep, '3600']",
    "  - name: change",
    `    image: ${BUSYBOX}`,
    "    command: [sh, -c, 'echo mode=$MODE; sleep 3600']",
    "    env:",
    `      MODE: ${mode}`,
    "",
  ].join("\n");
}

describe("eci, the command line", function () {
  this.timeout(120_000);
  let t: TestEngine;
  let home: string;
  /** What every run gets: the engine by environment, and a config home of its own (no user's config leaks in). */
  let env: NodeJS.ProcessEnv;
  let shell: ContainerGroup;

  before(async () => {
    t = await startTestEngine({ metricsIntervalMs: 500 });
    home = mkdtempSync(path.join(os.tmpdir(), "eci-cli-"));
    env = { ECI_ENDPOINT: t.api.url, ECI_ACCESS_KEY: t.api.key, XDG_CONFIG_HOME: path.join(home, "config"), ECI_DATA_DIR: path.join(home, "no-engine") };
    const created = await t.api.createGroup({
      name: "shell",
      labels: { role: "shell" },
      containers: [
        { name: "app", image: BUSYBOX, command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done"] },
        { name: "side", image: BUSYBOX, command: ["sleep", "3600"] },
      ],
    });
    shell = await t.api.waitForGroup(created.id, "healthy", (g) => g.status === "running" && g.healthStatus === "healthy");
  });

  afterEach(killStartedEci);

  after(async () => {
    await t?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  describe("apply", () => {
    it("creates a group from a YAML file, reports an identical file unchanged, and after one container's env changes re-creates that container only", async () => {
      const file = path.join(home, "applied.yaml");
      writeFileSync(file, specYaml("one"));
      const created = await runEci(["apply", "-f", file], env);
      expect(created.stderr).to.equal("");
      expect(created.code).to.equal(0);
      const id = created.stdout.match(/^group\/(cg-[a-z0-9]{8}) created\n$/)?.[1] as string;
      expect(id, created.stdout).to.be.a("string");
      const ready = await runEci(["wait", id, "--for=healthy", "--timeout=60s"], env);
      expect([ready.code, ready.stdout]).to.deep.equal([0, `group/${id} healthy\n`]);

      expect(await runEci(["apply", "-f", file], env)).to.include({ code: 0, stdout: `group/${id} unchanged\n` });

      const before = await dockerIds(id);
      writeFileSync(file, specYaml("two"));
      expect(await runEci(["apply", "-f", file], env)).to.include({ code: 0, stdout: `group/${id} configured\n` });
      const after = await t.api.waitForGroup(id, "the update applied", (g) => g.status === "running" && g.containers[1].env.MODE === "two" && g.containers[1].state === "running");
      const afterIds = await dockerIds(id);
      expect(afterIds.keep).to.equal(before.keep);
      expect(afterIds["(sandbox)"]).to.equal(before["(sandbox)"]);
      expect(afterIds.change).to.not.equal(before.change);
      expect(after.containers.map((c) => c.restartCount)).to.deep.equal([0, 0]);
      expect(await t.api.logs(id, "change")).to.equal("mode=two\n");
    });

    it("reads JSON from stdin with -f -", async () => {
      const spec = { name: "from-stdin", containers: [{ name: "app", image: BUSYBOX, command: ["sleep", "3600"] }] };
      const result = await runEci(["apply", "-f", "-"], env, JSON.stringify(spec));
      expect(result.code).to.equal(0);
      const id = result.stdout.match(/^group\/(cg-[a-z0-9]{8}) created\n$/)?.[1] as string;
      expect((await t.api.getGroup(id)).name).to.equal("from-stdin");
    });

    it("refuses an invalid spec before any request, naming each broken field", async () => {
      const bad = ["name: broken", "containers:", "  - name: Web_App", `    image: ${BUSYBOX}`, "    cpu: 64", ""].join("\n");
      // No engine at this endpoint: an answer naming the fields can only come from the local check.
      const result = await runEci(["apply", "-f", "-"], { ...env, ECI_ENDPOINT: "http://127.0.0.1:1" }, bad);
      expect(result.code).to.equal(1);
      expect(result.stdout).to.equal("");
      expect(result.stderr).to.contain("error: stdin is not a valid container group spec:\n");
      expect(result.stderr).to.contain("  containers[0].name: must be lowercase letters, digits and '-', starting and ending with a letter or digit (got \"Web_App\")\n");
      expect(result.stderr).to.contain("  containers[0].cpu: Too big: expected number to be <=32 (got 64)\n");
      expect(result.stderr).to.not.match(/ECONNREFUSED|\n\s+at /);
    });

    it("prints the engine's refusal with its code and the field path", async () => {
      const spec = ["name: no-credential", "containers:", "  - name: app", `    image: ${BUSYBOX}`, "    registryCredentialId: rc-zzzzzzzz", ""].join("\n");
      const result = await runEci(["apply", "-f", "-"], env, spec);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.match(/^error: .* \(validation_failed\)\n {2}containers\[0\]\.registryCredentialId: .*rc-zzzzzzzz.*\n$/);
    });
  });

  describe("get", () => {
    it("lists groups as an aligned table, with more columns in -o wide", async () => {
      const result = await runEci(["get", "groups"], env);
      expect(result.code).to.equal(0);
      const [header, ...rows] = result.stdout.trimEnd().split("\n");
      expect(header.split(/\s{2,}/)).to.deep.equal(["ID", "NAME", "STATUS", "HEALTH", "IP", "CPU", "MEMORY", "PRICE/h", "AGE"]);
      const row = rows.find((r) => r.startsWith(shell.id)) as string;
      expect(row.split(/\s{2,}/).slice(0, 7)).to.deep.equal([shell.id, "shell", "running", "healthy", shell.privateIp, "2", "4Gi"]);
      expect(row.indexOf("shell")).to.equal(header.indexOf("NAME"));

      const wide = await runEci(["get", "cg", shell.id, "-o", "wide"], env);
      const [wideHeader, wideRow] = wide.stdout.trimEnd().split("\n");
      expect(wideHeader.split(/\s{2,}/).slice(9)).to.deep.equal(["CONTAINERS", "RESTARTS", "HOST TYPE", "PORTS", "LABELS"]);
      expect(wideRow.split(/\s{2,}/).slice(9)).to.deep.equal(["2/2", "0", "basic", "<none>", "role=shell"]);
    });

    it("prints exactly the API's answer with -o json, for a list and for one resource, and the same as YAML with -o yaml", async () => {
      const eip = (await t.api.request("POST", "/v1/eips", { name: "json-eip" })).body;
      const list = await runEci(["get", "eips", "-o", "json"], env);
      expect(JSON.parse(list.stdout)).to.deep.equal((await t.api.request("GET", "/v1/eips")).body);
      const one = await runEci(["get", "eip", eip.id, "-o", "json"], env);
      expect(JSON.parse(one.stdout)).to.deep.equal((await t.api.request("GET", `/v1/eips/${eip.id}`)).body);
      const group = await runEci(["get", "group", shell.id, "-o", "json"], env);
      expect(JSON.parse(group.stdout)).to.deep.equal(await t.api.getGroup(shell.id));
      const yaml = await runEci(["get", "group", shell.id, "-o", "yaml"], env);
      expect(yaml.code).to.equal(0);
      expect(parseYaml(yaml.stdout)).to.deep.equal(await t.api.getGroup(shell.id));
    });

    it("takes kubectl's aliases, KIND/ID, and a name where an id goes", async () => {
      for (const args of [["get", "cg", "shell"], ["get", "container-groups", shell.id], ["get", `group/${shell.id}`], ["get", "groups", "-l", "role=shell"]]) {
        const result = await runEci(args, env);
        expect(result.code, args.join(" ")).to.equal(0);
        expect(result.stdout.trimEnd().split("\n").slice(1), args.join(" ")).to.have.lengthOf(1).and.satisfy((rows: string[]) => rows[0].startsWith(shell.id));
      }
      const none = await runEci(["get", "groups", "-l", "role=nobody"], env);
      expect(none).to.include({ code: 0, stdout: "", stderr: "No groups found.\n" });
      const missing = await runEci(["get", "group", "no-such-group"], env);
      expect(missing).to.include({ code: 1, stderr: 'error: No group has the id or name "no-such-group" (ids look like cg-1a2b3c4d)\n' });
      const gone = await runEci(["get", "group", "cg-zzzzzzzz"], env);
      expect(gone.code).to.equal(1);
      expect(gone.stderr).to.match(/^error: .*cg-zzzzzzzz.* \(not_found\)\n$/);
    });

    it("exits 2 with usage on stderr for an unknown kind, command or flag value, or labels on a kind without them", async () => {
      const kind = await runEci(["get", "pods"], env);
      expect(kind).to.include({ code: 2, stdout: "" });
      expect(kind.stderr).to.equal(
        'error: Unknown kind "pods". Kinds: groups (cg), standby-pools (sp), image-caches (ic), registry-credentials (rc), disks (vol), vpcs (rtr), vxnets, eips, security-groups (sg)\nSee \'eci get --help\'.\n',
      );
      const command = await runEci(["gett", "groups"], env);
      expect(command.code).to.equal(2);
      expect(command.stderr).to.contain("error: unknown command 'gett'");
      const format = await runEci(["get", "groups", "-o", "xml"], env);
      expect(format.code).to.equal(2);
      expect(format.stderr).to.contain("argument 'xml' is invalid. Allowed choices are wide, json, yaml.");
      const labels = await runEci(["get", "eips", "-l", "a=b"], env);
      expect(labels).to.include({ code: 2, stderr: "error: eips have no labels: -l filters groups only\nSee 'eci get --help'.\n" });
      const timeout = await runEci(["wait", shell.id, "--for=running", "--timeout", "soon"], env);
      expect(timeout.code).to.equal(2);
      expect(timeout.stderr).to.contain('"soon" is not a duration such as 30s, 5m or 1h30m');
    });
  });

  it("describe shows the spec, each container's state and restarts, and the events", async () => {
    const result = await runEci(["describe", "group", shell.id], env);
    expect(result.code).to.equal(0);
    const out = result.stdout;
    expect(out).to.match(/^Name:\s+shell\nID:\s+cg-[a-z0-9]{8}\n/);
    expect(out).to.match(/\nStatus:\s+running\n/);
    expect(out).to.match(/\nLabels:\s+role=shell\n/);
    expect(out).to.match(/\nContainers:\n {2}app:\n {4}Image:\s+eci-test\/busybox:1\n/);
    expect(out).to.match(/\n {4}State:\s+running\n/);
    expect(out).to.match(/\n {4}Restart Count:\s+0\n/);
    expect(out).to.match(/\nEvents:\n {2}AGE\s+TYPE\s+REASON\s+CONTAINER\s+MESSAGE\n/);
    expect(out).to.match(/\n {2}\S+\s+Normal\s+Started\s+side\s+/);
  });

  describe("exec", () => {
    it("runs a command under sh -c and exits with its exit code", async () => {
      const one = await runEci(["exec", shell.id, "app", "--", "echo out; echo err >&2; exit 3"], env);
      expect(one).to.include({ code: 3, stdout: "out\n", stderr: "err\n" });
      const words = await runEci(["exec", shell.id, "app", "--", "sh", "-c", "echo \"$0\"; exit 4", "two words"], env);
      expect(words).to.include({ code: 4, stdout: "two words\n" });
      const missing = await runEci(["exec", shell.id, "app"], env);
      expect(missing.code).to.equal(2);
    });

    it("runs an interactive sh in a pseudo-terminal with -it, with the terminal's size, and exits with the shell's code", async () => {
      const proc = spawn("script", ["-qfec", `stty cols 123 rows 31; ${process.execPath} ${ECI_BIN} exec -it ${shell.id} app`, "/dev/null"], {
        env: eciEnv(env),
        stdio: ["pipe", "pipe", "pipe"],
      });
      let output = "";
      proc.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
      const closed = new Promise<number | null>((resolve) => proc.once("close", resolve));
      const line = (pattern: RegExp) => waitFor(`a line matching ${pattern}`, () => output.split(/\r*\n/).find((l) => pattern.test(l)), { last: () => output, timeoutMs: 20_000 });
      try {
        proc.stdin.write("echo $((6*7))\n");
        await line(/^42$/);
        proc.stdin.write("stty size\n");
        await line(/^31 123$/);
        proc.stdin.write("exit 7\n");
        expect(await closed).to.equal(7);
      } finally {
        proc.kill("SIGKILL");
      }
    });
  });

  describe("logs and events", () => {
    it("logs prints a container's output, and --tail its last lines", async () => {
      const all = await runEci(["logs", shell.id, "app"], env);
      expect(all.code).to.equal(0);
      expect(all.stdout).to.match(/^tick 1\ntick 2\n/);
      const tail = await runEci(["logs", shell.id, "app", "--tail", "2"], env);
      expect(tail.stdout.trimEnd().split("\n")).to.have.lengthOf(2).and.satisfy((lines: string[]) => lines.every((l) => /^tick \d+$/.test(l)));
      const which = await runEci(["logs", shell.id], env);
      expect(which).to.include({ code: 1, stderr: `error: group/${shell.id} has 2 work containers: name one of app, side\n` });
    });

    it("logs -f prints output as it is written and exits 0 on Ctrl-C", async () => {
      const follow = startEci(["logs", "-f", shell.id, "app", "--tail", "1"], env);
      const first = Number((await follow.line(/^tick \d+$/)).split(" ")[1]);
      await follow.line(new RegExp(`^tick ${first + 3}$`));
      const ended = await follow.interrupt();
      expect(ended.code).to.equal(0);
      expect(ended.stderr).to.equal("");
    });

    it("events lists the group's events, and -w prints new ones as they happen until Ctrl-C", async () => {
      const list = await runEci(["events", shell.id], env);
      expect(list.code).to.equal(0);
      expect(list.stdout.split("\n")[0].split(/\s{2,}/)).to.deep.equal(["AGE", "TYPE", "REASON", "CONTAINER", "MESSAGE"]);
      expect(list.stdout).to.match(/\n\S+\s+Normal\s+Started\s+app\s+/);

      const watch = startEci(["events", shell.id, "-w"], env);
      await watch.line(/Started\s+side/);
      const seen = watch.stdout;
      expect((await t.api.request("POST", `/v1/container-groups/${shell.id}/restart`)).status).to.equal(202);
      await watch.line(/Normal\s+Restarted\s+/);
      const ended = await watch.interrupt();
      expect(ended.code).to.equal(0);
      expect(ended.stdout.startsWith(seen)).to.equal(true);
      // Each event is printed once, in order, however many times the list was read.
      const reasons = ended.stdout.trimEnd().split("\n").slice(1).map((l) => l.split(/\s+/)[2]);
      const events = await t.api.events(shell.id);
      expect(reasons).to.deep.equal(events.slice(0, reasons.length).map((e) => e.reason));
      expect(reasons).to.include.members(["Restarting", "Killing", "Restarted"]);
      const ready = await runEci(["wait", shell.id, "--for=healthy"], env);
      expect(ready, ready.stderr).to.include({ code: 0, stdout: `group/${shell.id} healthy\n` });
    });
  });

  it("top shows each container's CPU and memory now, and the group's", async () => {
    await waitFor("samples of every container", async () => {
      const series = await Promise.all(["app", "side"].map((c) => t.api.request("GET", `/v1/container-groups/${shell.id}/metrics?container=${c}`)));
      return series.every((s) => s.body.points?.length > 0) ? true : undefined;
    });
    const result = await runEci(["top", shell.id], env);
    expect(result.code).to.equal(0);
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header.split(/\s{2,}/)).to.deep.equal(["CONTAINER", "CPU(cores)", "MEMORY(bytes)", "MEMORY LIMIT"]);
    expect(rows.map((r) => r.split(/\s+/)[0])).to.deep.equal(["app", "side", "(group)"]);
    for (const row of rows) expect(row.split(/\s{2,}/).slice(1)).to.satisfy((cells: string[]) => /^\d+m$/.test(cells[0]) && /^\d+(Ki|Mi)?$/.test(cells[1]) && cells[2] === "4Gi");
  });

  describe("restart, wait and delete", () => {
    it("restart restarts every container of a group, keeping its IP", async () => {
      const group = await t.api.createGroup({ name: "restarted", containers: [{ name: "app", image: BUSYBOX, command: ["sleep", "3600"] }] });
      const running = await t.api.waitForGroup(group.id, "running", (g) => g.status === "running" && g.containers[0].state === "running");
      const result = await runEci(["restart", "restarted"], env);
      expect(result, result.stderr).to.include({ code: 0, stdout: `group/${group.id} restarting\n` });
      const after = await t.api.waitForGroup(group.id, "restarted", (g) => g.status === "running" && g.containers[0].startedAt !== running.containers[0].startedAt);
      expect(after.privateIp).to.equal(running.privateIp);
    });


    it("wait --for=deleted returns once a deletion has finished", async () => {
      const group = await t.api.createGroup({ name: "doomed", containers: [{ name: "app", image: BUSYBOX, command: ["sleep", "3600"] }] });
      expect(await runEci(["wait", "doomed", "--for=running"], env)).to.include({ code: 0, stdout: `group/${group.id} running\n` });
      expect(await runEci(["delete", "group", "doomed"], env)).to.include({ code: 0, stdout: `group/${group.id} deleting\n` });
      const waited = await runEci(["wait", group.id, "--for=deleted", "--timeout", "1m"], env);
      expect(waited).to.include({ code: 0, stdout: `group/${group.id} deleted\n` });
      expect((await t.api.request("GET", `/v1/container-groups/${group.id}`)).status).to.equal(404);
    });

    it("wait exits 1 at its timeout, saying what it saw last", async () => {
      const result = await runEci(["wait", shell.id, "--for=deleted", "--timeout", "1s"], env);
      expect(result.code).to.equal(1);
      expect(result.stdout).to.equal("");
      expect(result.stderr).to.contain(`error: Timed out after 1s waiting for group/${shell.id} to be deleted\n  last seen: running, health healthy\n`);
    });

    it("delete --wait deletes a group and waits until it is gone; other kinds are gone at once", async () => {
      const group = await t.api.createGroup({ name: "deleted-waiting", containers: [{ name: "app", image: BUSYBOX, command: ["sleep", "3600"] }] });
      await t.api.waitForStatus(group.id, "running");
      const result = await runEci(["delete", `group/${group.id}`, "--wait"], env);
      expect(result).to.include({ code: 0, stdout: `group/${group.id} deleted\n` });
      expect((await t.api.request("GET", `/v1/container-groups/${group.id}`)).status).to.equal(404);
      const eip = (await t.api.request("POST", "/v1/eips", { name: "short-lived" })).body;
      expect(await runEci(["delete", "eip", "short-lived"], env)).to.include({ code: 0, stdout: `eip/${eip.id} deleted\n` });
    });
  });

  describe("standby pools", () => {
    /** The pool's profile: its init container keeps a new group starting for 3 s, so a pool is seen filling before it is ready. */
    const profileYaml = (indent: string) =>
      ["name: warm-web", "containers:", "  - name: warm-up", "    type: init", `    image: ${BUSYBOX}`, "    command: [sleep, '3']", "  - name: app", `    image: ${BUSYBOX}`, "    command: [sleep, '3600']"]
        .map((line) => `${indent}${line}\n`)
        .join("");
    /** `eci get pools`' row of the pool, as its cells. */
    const poolRow = async (id: string) => {
      const result = await runEci(["get", "pools"], env);
      expect(result.code, result.stderr).to.equal(0);
      return result.stdout.split("\n").find((l) => l.startsWith(id))?.split(/\s{2,}/);
    };

    it("apply creates a pool from a kind: StandbyPool file, get shows it filling then ready, a group applied with standbyPoolId is created running at once, and delete removes the pool", async () => {
      const poolFile = path.join(home, "pool.yaml");
      writeFileSync(poolFile, `kind: StandbyPool\nname: warm\nmaxReadyCapacity: 1\nprofile:\n${profileYaml("  ")}`);
      const created = await runEci(["apply", "-f", poolFile], env);
      expect([created.code, created.stderr]).to.deep.equal([0, ""]);
      const poolId = created.stdout.match(/^standby-pool\/(sp-[a-z0-9]{8}) created\n$/)?.[1] as string;
      expect(poolId, created.stdout).to.be.a("string");
      let deleted;
      try {
        expect(await runEci(["apply", "-f", poolFile], env)).to.include({ code: 0, stdout: `standby-pool/${poolId} unchanged\n` });

        const [header] = (await runEci(["get", "standby-pools"], env)).stdout.split("\n");
        expect(header.split(/\s{2,}/)).to.deep.equal(["ID", "NAME", "READY", "CREATING", "STATUS", "PRICE/h", "AGE"]);
        expect((await poolRow(poolId))?.slice(0, 5)).to.deep.equal([poolId, "warm", "0/1", "1", "filling"]);
        const ready = await waitFor("the pool to be ready", async () => {
          const row = await poolRow(poolId);
          return row?.[4] === "ready" ? row : undefined;
        }, { timeoutMs: 60_000 });
        expect(ready.slice(0, 4)).to.deep.equal([poolId, "warm", "1/1", "0"]);
        const described = await runEci(["describe", "sp", "warm"], env);
        expect(described.stdout).to.match(new RegExp(`^Name:\\s+warm\nID:\\s+${poolId}\n`));
        expect(described.stdout).to.match(/\nReady:\s+1\/1 \(0 creating\)\n[^]*\nProfile:\n {2}name: warm-web\n/);

        const groupFile = path.join(home, "claim.yaml");
        writeFileSync(groupFile, `standbyPoolId: ${poolId}\n${profileYaml("").replace("name: warm-web", "name: claimed")}`);
        const claimed = await runEci(["apply", "-f", groupFile], env);
        expect([claimed.code, claimed.stderr]).to.deep.equal([0, ""]);
        const groupId = claimed.stdout.match(/^group\/(cg-[a-z0-9]{8}) created\n$/)?.[1] as string;
        expect(groupId, claimed.stdout).to.be.a("string");
        const group = parseYaml((await runEci(["get", "group", groupId, "-o", "yaml"], env)).stdout) as ContainerGroup;
        expect([group.name, group.status, group.healthStatus]).to.deep.equal(["claimed", "running", "healthy"]);
        expect(await runEci(["delete", "group", groupId], env)).to.include({ code: 0, stdout: `group/${groupId} deleting\n` });
      } finally {
        deleted = await runEci(["delete", "pool", "warm"], env);
      }
      expect(deleted).to.include({ code: 0, stdout: `standby-pool/${poolId} deleted\n` });
      expect(await runEci(["get", "pools"], env)).to.include({ code: 0, stdout: "", stderr: "No standby-pools found.\n" });
    });
  });

  describe("account", () => {
    it("quotas and billing print tables, and the API's answer with -o json", async () => {
      const quotas = await runEci(["quotas"], env);
      expect(quotas.code).to.equal(0);
      expect(quotas.stdout).to.match(/^QUOTA\s+COUNTS\s+USED\s+LIMIT\nstandardGroups\s+groups \(basic, performance\)\s+\d+\s+10\n/);
      expect(JSON.parse((await runEci(["quotas", "-o", "json"], env)).stdout)).to.deep.equal((await t.api.request("GET", "/v1/quotas")).body);
      const billing = await runEci(["billing"], env);
      expect(billing.code).to.equal(0);
      expect(billing.stdout).to.match(/^Period: \S+ to \S+\n\nRESOURCE\s+KIND\s+NAME\s+SIZE\s+HOURS\s+PRICE\/h\s+AMOUNT\n/);
      expect(billing.stdout).to.match(new RegExp(`\\n${shell.id}\\s+container-group\\s+shell\\s+2 vCPU, 4Gi, basic\\s+`));
      expect(billing.stdout).to.match(/\nTotal: [\d.]+ USD\n$/);
      const json = JSON.parse((await runEci(["billing", "-o", "json"], env)).stdout);
      expect(Object.keys(json)).to.deep.equal(["currency", "from", "to", "total", "items"]);
    });

    it("keys create prints the secret once, to stdout, and it works; keys delete removes the key", async () => {
      const created = await runEci(["keys", "create", "laptop"], env);
      expect(created.code).to.equal(0);
      expect(created.stderr).to.match(/^Access key ak-[a-z0-9]{8} \(laptop\) created\. Its secret is shown only this once:\n$/);
      const secret = created.stdout.trim();
      const keyId = created.stderr.match(/ak-[a-z0-9]{8}/)?.[0] as string;
      expect((await runEci(["get", "groups"], { ...env, ECI_ACCESS_KEY: secret })).code).to.equal(0);
      const list = await runEci(["keys", "list"], env);
      expect(list.stdout).to.match(new RegExp(`\\n {7}\\s+${keyId}\\s+laptop\\s+`), "a key this command did not use: no star");
      expect(list.stdout).to.match(/\n\*\s+ak-[a-z0-9]{8}\s/, "the key this command used: a star");
      expect(list.stdout).to.not.contain(secret);
      expect(await runEci(["keys", "delete", keyId], env)).to.include({ code: 0, stdout: `access key ${keyId} deleted\n` });
      const refused = await runEci(["get", "groups"], { ...env, ECI_ACCESS_KEY: secret });
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.match(/^error: .* \(unauthorized\)\n {2}The engine refused the access key from ECI_ACCESS_KEY\.\n$/);
    });

    it("login checks the key and saves it with the endpoint, readable by its owner only; later commands use them", async () => {
      const configHome = path.join(home, "login-config");
      const plain = { XDG_CONFIG_HOME: configHome, ECI_DATA_DIR: env.ECI_DATA_DIR };
      const refused = await runEci(["login", "--endpoint", t.api.url], plain, "not-a-key\n");
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.contain("(unauthorized)");
      expect(() => statSync(path.join(configHome, "eci", "config"))).to.throw();

      const login = await runEci(["login", "--endpoint", t.api.url], plain, `${t.api.key}\n`);
      const file = path.join(configHome, "eci", "config");
      expect(login).to.include({ code: 0, stdout: `Logged in to ${t.api.url}; saved to ${file}\n` });
      expect(statSync(file).mode & 0o777).to.equal(0o600);
      expect(parseYaml(readFileSync(file, "utf8"))).to.deep.equal({ endpoint: t.api.url, accessKey: t.api.key });
      const get = await runEci(["get", "groups", "shell"], plain);
      expect(get.code).to.equal(0);
      expect(get.stdout).to.contain(shell.id);
      const flagWins = await runEci(["--access-key", "wrong", "get", "groups"], plain);
      expect(flagWins.stderr).to.contain("The engine refused the access key from --access-key.");
    });
  });
});
