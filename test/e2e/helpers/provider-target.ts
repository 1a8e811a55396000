import path from "node:path";
import { EciClient } from "@eci/sdk";
import { type TestEngine, startTestEngine } from "../../helpers/test-engine";
import { EXAMPLES, PULUMI_VERSIONS, installFixture } from "./pulumi-install";
import { ProviderServer } from "./provider-server";

export interface ProviderTarget {
  engine: TestEngine;
  server: ProviderServer;
  /** The installed program. */
  dir: string;
  /** The engine's API, as the sdk reaches it. */
  eci: EciClient;
}

/**
 * Registers the hooks of a describe that drives a program's provider server: before its tests, the
 * program (the fixture by default) installed as a user installs it with `version` of @pulumi/pulumi, an
 * engine, and the install's provider server configured for that engine (plus `config`); after them, both
 * stopped (the engine's close removes whatever a failed test left behind).
 */
export function providerTarget(options: { program?: string; version?: string; config?: Record<string, string> } = {}): ProviderTarget {
  const target = {} as ProviderTarget;
  before(async function () {
    this.timeout(600_000);
    target.dir = installFixture(options.version ?? PULUMI_VERSIONS[0], options.program);
    target.engine = await startTestEngine();
    target.eci = new EciClient({ endpoint: target.engine.api.url, accessKey: target.engine.api.key });
    target.server = await ProviderServer.start(target.dir);
    await target.server.configure({ "eci:endpoint": target.engine.api.url, "eci:accessKey": target.engine.api.key, ...options.config });
  });
  after(async () => {
    target.server?.stop();
    await target.engine?.close();
  });
  return target;
}

/** `providerTarget` of one of the examples (`examples/<name>`). */
export function exampleTarget(example: string): ProviderTarget {
  return providerTarget({ program: path.join(EXAMPLES, example) });
}
