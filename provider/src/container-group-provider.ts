import { type ContainerGroup, type EciClient, hasCode, parseDuration } from "@eci/sdk";
import { adoptable } from "./adoption";
import { awaitConditions } from "./await/await";
import { LOG_TAIL_LINES, acceptsChanges, explainGroup, failedContainer, gone, readiness, restartable } from "./await/group-conditions";
import { type ContainerGroupInputs, checkContainerGroup, inputsFromGroup, specOf } from "./container-group-inputs";
import { diffContainerGroup, groupChanges, kindsOf } from "./diff";
import { EngineProvider, log, orNullIfMissing } from "./engine-provider";
import { ResourceInitError } from "./errors";
import { dropUndefined } from "./inputs";
import { type SecureEnvHashes, reportedHashes, secureEnvHashes } from "./secure-env-hashes";
import { withVersionRetry } from "./version-retry";

type Props = Record<string, unknown>;

/** The hooks of the ContainerGroup dynamic resource. */
export class ContainerGroupProvider extends EngineProvider {
  /** Validates with the engine's rules and returns canonical inputs; unknown values (preview) pass. */
  async check(olds: Props, news: Props) {
    return checkContainerGroup(olds, news);
  }

  async diff(id: string, olds: Props, news: Props) {
    return diffContainerGroup(olds, news, this.changeContext(id));
  }

  /**
   * Creates the group (claiming a ready group of `standbyPoolId`, if given), or adopts `adoptId` and
   * applies the declared spec to it as an update (setting `restartTrigger` restarts nothing), then
   * waits as `waitFor` says. If the group exists but does not become ready, throws a partial-create
   * error carrying its id, so Pulumi keeps it in state.
   */
  async create(inputs: Props) {
    const news = inputs as unknown as ContainerGroupInputs;
    if (news.adoptId) {
      const { id, olds } = await adoptable(this, "container group", inputs);
      return { id, outs: await this.apply(id, olds, inputs, news.timeouts.create) };
    }
    const client = this.client(inputs);
    const hashes = secureEnvHashes(inputs);
    const claim = news.standbyPoolId === undefined ? {} : { standbyPoolId: news.standbyPoolId };
    const group = await this.waitReady(client, await client.containerGroups.create({ ...specOf(inputs), ...claim }), news, news.timeouts.create, hashes);
    return { id: group.id, outs: outputsOf(inputs, group, hashes) };
  }

  async update(id: string, olds: Props, news: Props) {
    return { outs: await this.apply(id, olds, news, (news as unknown as ContainerGroupInputs).timeouts.update) };
  }

  /** Waits until the engine accepts a deletion (never deletes a pending group blindly), deletes, and waits until it is gone. */
  async delete(id: string, props: Props) {
    const client = this.client(props);
    const timeoutMs = parseDuration((props.timeouts as ContainerGroupInputs["timeouts"] | undefined)?.delete ?? "10m") as number;
    const subject = `ContainerGroup ${String(props.name)} (${id})`;
    const observe = () => orNullIfMissing(client.containerGroups.get(id));
    const started = Date.now();
    const current = await awaitConditions({ subject, observe, conditions: [acceptsChanges], timeoutMs, onProgress: log });
    if (current === null) return;
    if (current.status !== "deleting") {
      await client.containerGroups.delete(id).catch((err: unknown) => {
        if (!hasCode(err, "not_found")) throw err;
      });
    }
    await awaitConditions({ subject, observe, conditions: [gone], timeoutMs: Math.max(1000, timeoutMs - (Date.now() - started)), onProgress: log });
  }

  /** Refresh: the group as it is now, with inputs rebuilt from it; a group deleted outside Pulumi leaves the state. */
  async read(id: string, props: Props) {
    const group = await orNullIfMissing(this.client(props).containerGroups.get(id));
    if (!group) return {};
    // The engine never returns secureEnv values: the refreshed inputs have none, and the hashes stay for the names it still reports.
    const inputs = inputsFromGroup(group, props);
    return { id, props: outputsOf(inputs, group, reportedHashes(props.secureEnvHashes, group.containers)), inputs };
  }

  /**
   * Takes the group from `olds` to `news`: waits out a transitional state and sends the new spec (online)
   * on the version last read, restarts the group if `restartTrigger` changed, then waits as `create` does.
   */
  private async apply(id: string, olds: Props, news: Props, timeout: string): Promise<Props> {
    const inputs = news as unknown as ContainerGroupInputs;
    const client = this.client(news);
    const kinds = kindsOf(groupChanges(olds, news, this.changeContext(id)));
    const timeoutMs = parseDuration(timeout) as number;
    let group = await client.containerGroups.get(id);
    if (kinds.has("online") || kinds.has("metadata")) group = await this.applySpec(client, id, inputs, olds.version, timeoutMs);
    if (kinds.has("restart")) group = await this.restart(client, id, inputs, timeoutMs);
    const hashes = secureEnvHashes(news, olds.secureEnvHashes);
    group = await this.waitReady(client, group, inputs, timeout, hashes);
    return outputsOf(news, group, hashes);
  }

  /** The engine's Restart, once the group can take it (it waits out a pending or transitional group). */
  private async restart(client: EciClient, id: string, inputs: ContainerGroupInputs, timeoutMs: number): Promise<ContainerGroup> {
    const subject = `ContainerGroup ${inputs.name} (${id})`;
    await awaitConditions({ subject, observe: () => client.containerGroups.get(id), conditions: [restartable], timeoutMs, onProgress: log });
    log(`Restarting ${subject}: its restartTrigger changed`);
    return client.containerGroups.restart(id);
  }

  /** Sends the spec once the group accepts changes, with `version` as `If-Match` (see `withVersionRetry`). */
  private async applySpec(client: EciClient, id: string, inputs: ContainerGroupInputs, version: unknown, timeoutMs: number): Promise<ContainerGroup> {
    const subject = `ContainerGroup ${inputs.name} (${id})`;
    const observe = () => client.containerGroups.get(id);
    const accepting = () => awaitConditions({ subject, observe, conditions: [acceptsChanges], timeoutMs, onProgress: log });
    await accepting();
    return withVersionRetry(subject, version, (ifMatch) => client.containerGroups.update(id, specOf(inputs as unknown as Props), { ifMatch }), accepting);
  }

  private async waitReady(client: EciClient, group: ContainerGroup, inputs: ContainerGroupInputs, timeout: string, hashes: SecureEnvHashes): Promise<ContainerGroup> {
    const subject = `ContainerGroup ${group.name} (${group.id})`;
    try {
      return await awaitConditions({
        subject,
        observe: () => client.containerGroups.get(group.id),
        conditions: readiness(inputs.waitFor),
        timeoutMs: parseDuration(timeout) as number,
        onProgress: log,
        explain: async (last, said) => explainGroup(last, await client.containerGroups.events(group.id), said, await failedLog(client, last)),
      });
    } catch (err) {
      const last = ((err as { last?: ContainerGroup }).last ?? (await client.containerGroups.get(group.id).catch(() => group))) as ContainerGroup;
      throw new ResourceInitError((err as Error).message, group.id, outputsOf(inputs as unknown as Props, last, hashes));
    }
  }
}

/** The end of the failed container's log, if a container failed and its log can be read. */
async function failedLog(client: EciClient, g: ContainerGroup): Promise<{ container: string; text: string } | undefined> {
  const culprit = failedContainer(g);
  if (!culprit) return undefined;
  const text = await client.containerGroups.logs(g.id, culprit.name, { tail: LOG_TAIL_LINES }).catch(() => undefined);
  return text === undefined ? undefined : { container: culprit.name, text };
}

/**
 * Outputs: the inputs, with the group's containers (spec and state) and what the engine reports. The
 * containers are the engine's, which name their `secureEnv` variables and never hold a value; the
 * values' hashes stand in for them.
 */
export function outputsOf(inputs: Props, g: ContainerGroup, hashes: SecureEnvHashes): Props {
  return dropUndefined({
    ...inputs,
    containers: g.containers,
    secureEnvHashes: hashes,
    status: g.status,
    healthStatus: g.healthStatus,
    statusReason: g.statusReason,
    privateIp: g.privateIp,
    cpu: g.cpu,
    memory: g.memory,
    ports: g.ports,
    hourlyPrice: g.hourlyPrice,
    version: g.version,
    createdAt: g.createdAt,
  });
}
