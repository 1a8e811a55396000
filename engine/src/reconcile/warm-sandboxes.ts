import { type ContainerGroupSpec, groupRequest, normalizeRequest } from "@eci/sdk";
import type { Logger } from "../logger";
import type { ContainerRuntime, SandboxSpec } from "../runtime/container-runtime";
import { newId } from "../services/ids";
import { sandboxSpecFor } from "./member-spec";

const RETRY_MS = 5_000;
/** The size of a group that asks for nothing: what a warm sandbox is created with. */
const DEFAULT_SIZE = normalizeRequest(groupRequest([])) as { cpu: number; memory: number };

/** The sandbox made ahead for the group id `groupId`: the basic network, no ports, no shared-memory size, the default size. */
export function warmSandboxSpec(groupId: string): SandboxSpec {
  return sandboxSpecFor(groupId, { containers: [], shmSizeMB: undefined }, { publish: true }, DEFAULT_SIZE);
}

/** Whether a group of this spec would have exactly a warm sandbox (its size aside: a sandbox is resized in place). */
export function fitsWarmSandbox(spec: Pick<ContainerGroupSpec, "containers" | "shmSizeMB" | "network">): boolean {
  return spec.network?.mode !== "vpc" && !spec.network?.eipId && spec.shmSizeMB === undefined && spec.containers.every((c) => c.ports.length === 0);
}

/**
 * Sandboxes created and started ahead of demand. Starting a sandbox (Docker setting up its network
 * namespace) is most of what a create costs beyond its containers' own create and start, so the engine
 * keeps `count` of them running, each for a group id chosen ahead. A create whose sandbox would be a warm
 * one takes a ready id (`take`): its first pass finds the sandbox running and only creates the containers.
 * Until taken, a warm sandbox belongs to no group in the store: the loop leaves its containers alone
 * (`holds`) instead of removing them as orphans. They are removed when the engine stops; after a crash,
 * the next start removes them as orphans.
 */
export class WarmSandboxes {
  private readonly ready = new Set<string>();
  private readonly making = new Map<string, Promise<void>>();
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly logger: Logger,
    private readonly count: number,
  ) {}

  /** Whether `groupId` is the id of a warm sandbox not yet taken. */
  holds(groupId: string): boolean {
    return this.ready.has(groupId) || this.making.has(groupId);
  }

  /** The id of a ready warm sandbox, now the caller's, and another one on its way; undefined when none is ready. */
  take(): string | undefined {
    const [id] = this.ready;
    if (id === undefined) return undefined;
    this.ready.delete(id);
    this.fill();
    return id;
  }

  /** Makes sandboxes until `count` are ready or on their way. */
  fill(): void {
    while (!this.stopped && this.ready.size + this.making.size < this.count) {
      const id = newId("cg");
      this.making.set(
        id,
        this.make(id).finally(() => this.making.delete(id)),
      );
    }
  }

  /** Replaces a ready warm sandbox that is no longer running (Docker stopped or lost it). */
  async check(groupId: string): Promise<void> {
    if (!this.ready.has(groupId)) return;
    const containers = await this.runtime.listGroupContainers(groupId);
    if (containers.length === 1 && containers[0].state === "running") return;
    if (!this.ready.delete(groupId)) return; // taken meanwhile: its group's passes see to it
    this.logger.info({ groupId }, "Replacing a warm sandbox that stopped");
    await Promise.all(containers.map((c) => this.runtime.removeContainer(c.id)));
    this.fill();
  }

  /** Stops making sandboxes and removes every one not taken. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await Promise.all(this.making.values());
    const ids = [...this.ready];
    this.ready.clear();
    await Promise.all(ids.map((id) => this.remove(id)));
  }

  private async make(groupId: string): Promise<void> {
    try {
      const id = await this.runtime.createSandbox(warmSandboxSpec(groupId));
      await this.runtime.startContainer(id);
      if (this.stopped) await this.remove(groupId);
      else this.ready.add(groupId);
    } catch (err) {
      this.logger.warn({ groupId, err }, "Failed to make a warm sandbox; trying again later");
      await this.remove(groupId).catch(() => {});
      if (!this.stopped && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = undefined;
          this.fill();
        }, RETRY_MS);
        this.retry.unref();
      }
    }
  }

  private async remove(groupId: string): Promise<void> {
    for (const c of await this.runtime.listGroupContainers(groupId)) await this.runtime.removeContainer(c.id);
  }
}
