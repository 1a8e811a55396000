import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import bcrypt from "bcryptjs";
import { followProgress } from "../../engine/src/runtime/build-image";
import { freePort } from "./engine-process";
import { docker } from "./test-engine";
import { waitFor } from "./wait-for";

/**
 * Debian's `docker-registry` on 127.0.0.1 with htpasswd (bcrypt) authentication, started and stopped
 * by the tests. Its access log tells which manifests and blobs were fetched.
 */
export class TestRegistry {
  readonly log: string[] = [];

  private constructor(
    private readonly proc: ChildProcess,
    private readonly dir: string,
    readonly server: string,
    readonly username: string,
    readonly password: string,
  ) {}

  static async start(username = "eci", password = "s3cret-pa55"): Promise<TestRegistry> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "eci-registry-"));
    const port = await freePort();
    writeFileSync(path.join(dir, "htpasswd"), `${username}:${bcrypt.hashSync(password, 10)}\n`);
    writeFileSync(
      path.join(dir, "config.yml"),
      [
        "version: 0.1",
        "log: {level: info, accesslog: {disabled: false}}",
        `storage: {filesystem: {rootdirectory: ${path.join(dir, "data")}}, delete: {enabled: true}}`,
        `http: {addr: "127.0.0.1:${port}", secret: eci-test-secret}`,
        `auth: {htpasswd: {realm: eci-test, path: ${path.join(dir, "htpasswd")}}}`,
        "health: {storagedriver: {enabled: false}}",
        "",
      ].join("\n"),
    );
    const proc = spawn("docker-registry", ["serve", path.join(dir, "config.yml")], { stdio: ["ignore", "pipe", "pipe"] });
    const registry = new TestRegistry(proc, dir, `127.0.0.1:${port}`, username, password);
    for (const stream of [proc.stdout, proc.stderr]) stream?.on("data", (d: Buffer) => registry.log.push(...d.toString().split("\n").filter(Boolean)));
    await waitFor("the registry to answer", async () => ((await fetch(`http://127.0.0.1:${port}/v2/`).catch(() => undefined))?.status === 401 ? true : undefined), { timeoutMs: 10_000 });
    return registry;
  }

  get auth() {
    return { serveraddress: this.server, username: this.username, password: this.password };
  }

  /** Pushes a local image under `<server>/<repository>`, then removes that tag locally so a pull must reach the registry. */
  async push(localImage: string, repository: string): Promise<string> {
    const ref = `${this.server}/${repository}`;
    const [repo, tag] = [ref.slice(0, ref.lastIndexOf(":")), ref.slice(ref.lastIndexOf(":") + 1)];
    await docker.getImage(localImage).tag({ repo, tag });
    const stream = await docker.getImage(ref).push({ authconfig: this.auth });
    await followProgress(docker, stream);
    await docker.getImage(ref).remove();
    return ref;
  }

  /** Access-log lines of manifest requests for an image (`team/app:1`, or with this registry's host) since `from` (an index into `log`). */
  manifestRequests(image: string, from = 0): string[] {
    const host = image.includes("/") ? image.slice(0, image.indexOf("/")) : "";
    const isHost = host.includes(":") || host.includes(".");
    if (isHost && host !== this.server) throw new Error(`${image} is not an image of this registry (${this.server})`);
    const repository = isHost ? image.slice(host.length + 1) : image;
    const name = repository.slice(0, repository.lastIndexOf(":"));
    return this.log.slice(from).filter((l) => l.includes(`/v2/${name}/manifests/`) && /"(GET|HEAD) /.test(l));
  }

  /** Stops the registry and removes what the daemon pulled from it, so runs leave no images behind. */
  async stop(): Promise<void> {
    this.proc.kill("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
    // Images of this registry, by tag or, when pulled by digest, by digest only.
    const mine = (await docker.listImages()).filter((i) => [...(i.RepoTags ?? []), ...(i.RepoDigests ?? [])].some((ref) => ref.startsWith(`${this.server}/`)));
    for (const image of mine) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined);
  }
}
