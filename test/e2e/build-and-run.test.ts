import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { TEST_IMAGES } from "../../scripts/build-test-images";
import { TestRegistry } from "../helpers/registry";
import { docker } from "../helpers/test-engine";
import { exampleTarget } from "./helpers/provider-target";
import { type CapturedResource, SECRET_SIG, SIG_KEY, captureStack, withoutSecrets } from "./helpers/pulumi-install";
import { Stack } from "./helpers/stack";
import { hourlyCosts, statesOf } from "./helpers/stack-cost";

const named = (resources: CapturedResource[], name: string) => resources.find((r) => r.name === name) as CapturedResource;

/**
 * What `@pulumi/command`'s local Command does with a `create` string (its plugin cannot be installed
 * here): `/bin/sh -c` in the program's directory, with the resource's environment added; its stdout,
 * less one final newline, is the resource's `stdout`.
 */
function runCommand(create: string, cwd: string, environment: Record<string, string>): string {
  try {
    return execFileSync("/bin/sh", ["-c", create], { cwd, env: { ...process.env, ...environment }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).replace(/\n$/, "");
  } catch (err) {
    const { status, stderr } = err as { status: number; stderr: string };
    throw new Error(`${create} exited with ${status}: ${stderr}`);
  }
}

describe("examples/build-and-run: its commands run in order, its ECI resources through the provider server", function () {
  this.timeout(300_000);
  const t = exampleTarget("build-and-run");
  let registry: TestRegistry;
  let dockerConfig: string;
  before(async () => {
    registry = await TestRegistry.start();
    // `docker login` in the build command writes here, not to the user's ~/.docker.
    dockerConfig = mkdtempSync(path.join(os.tmpdir(), "eci-docker-config-"));
  });
  after(async () => {
    await registry?.stop();
    if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
  });

  it("builds and pushes the image, runs it by digest with the credential, then checks its page", async () => {
    const config = {
      "eci-build-and-run:registry": registry.server,
      "eci-build-and-run:username": registry.username,
      "eci-build-and-run:password": registry.password,
      "eci-build-and-run:baseImage": TEST_IMAGES.busybox,
    };
    const tagged = `${registry.server}/examples/build-and-run:1`;

    // The graph, as a preview registers it: the build first, the credential and the group after it, the check last.
    const preview = captureStack(t.dir, config, {}, { preview: true });
    expect(preview.resources.map((r) => [r.type, r.name, r.dependsOn])).to.deep.equal([
      ["command:local:Command", "build", []],
      ["pulumi-nodejs:dynamic/eci:RegistryCredential", "registry", ["build"]],
      ["pulumi-nodejs:dynamic/eci:ContainerGroup", "app", ["build", "registry"]],
      ["command:local:Command", "check", ["app", "build"]],
    ]);
    const build = named(preview.resources, "build").inputs as { create: string; environment: Record<string, unknown> };
    expect(build.create).to.equal(
      [
        `docker build --build-arg BASE_IMAGE=${TEST_IMAGES.busybox} --tag ${tagged} . >&2`,
        `printf '%s' "$REGISTRY_PASSWORD" | docker login ${registry.server} --username ${registry.username} --password-stdin >&2`,
        `docker push ${tagged} >&2`,
        `docker image inspect --format '{{join .RepoDigests "\\n"}}' ${tagged} | grep -F '${registry.server}/examples/build-and-run@'`,
      ].join(" && "),
    );
    // The password reaches the command as a secret in its environment, never in the command line.
    expect(build.environment[SIG_KEY]).to.equal(SECRET_SIG);
    expect(build.create).to.not.contain(registry.password);

    // 1. build, for real: the image is pushed, and the command prints its reference by digest.
    const image = runCommand(build.create, t.dir, { ...withoutSecrets(build.environment as Record<string, string>), DOCKER_CONFIG: dockerConfig });
    expect(image).to.match(new RegExp(`^${registry.server.replace(/\./g, "\\.")}/examples/build-and-run@sha256:[0-9a-f]{64}$`));
    // Only the registry has the image now, as for an engine on another machine.
    await docker.getImage(tagged).remove();
    const pulledFrom = registry.log.length;

    // 2. the credential and the group, with the build's stdout as the program sees it.
    const built = { build: { id: "build", state: { stdout: image } } };
    const stack = new Stack(t.server, "eci-build-and-run");
    for (const r of captureStack(t.dir, config, built).resources) if (r.type.startsWith("pulumi-nodejs:dynamic/eci:")) await stack.add(r);
    const [credential, app] = [stack.get("registry"), stack.get("app")];
    expect(credential.props).to.deep.include({ server: registry.server, username: registry.username });
    expect(app.props).to.deep.include({ status: "running", healthStatus: "healthy" });
    expect(app.props.containers[0]).to.deep.include({ image, registryCredentialId: credential.id });
    expect(registry.log.slice(pulledFrom).some((l) => l.includes(`/v2/examples/build-and-run/manifests/${image.slice(image.indexOf("@") + 1)}`))).to.equal(true);

    // 3. check, for real, with the group's outputs.
    const deployed = captureStack(t.dir, config, { ...built, ...statesOf(stack.resources.values()) });
    const url = `http://${app.props.ports[0].hostIp}:${app.props.ports[0].hostPort}/`;
    const check = named(deployed.resources, "check").inputs as { create: string };
    expect(check.create).to.equal(`curl --fail --silent --show-error ${url}`);
    expect(runCommand(check.create, t.dir, {})).to.equal("Hello from an image built and pushed by Pulumi");
    expect(deployed.outputs).to.deep.include({ url, image, credentialId: credential.id, groupId: app.id });
    const costs = await hourlyCosts(t.dir, config, [...stack.resources.values()], t.engine.api, built);
    expect(costs.exported).to.equal(costs.engine).and.to.be.above(0);

    await stack.destroy();
  });
});
