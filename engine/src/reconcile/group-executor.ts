import type { ContainerSpec } from "@eci/sdk";
import { type ContainerRuntime, type Mount, type ObservedContainer, type SandboxSpec, StuckContainerError } from "../runtime/container-runtime";
import type { GroupRecord, NewEvent } from "../store/store";
import type { GroupAction } from "./group-plan";
import { ImagePuller } from "./image-puller";
import { memberSpecFor } from "./member-spec";
import type { ReconcilerDeps } from "./reconciler-deps";
import { TerminalError } from "./terminal-error";
import { mountsFor, prepareConfigVolumes } from "./volume-mounts";

export interface ExecutionResult {
  /** Why the group cannot run, when an action found it cannot. */
  failure: string | null;
  /** Containers that could not be created, with the reason shown for them (`ErrImagePull`, …). */
  blocked: Map<string, { reason: string; message: string }>;
  /** Whether anything in Docker was changed: what the pass records must then be observed again. */
  changed: boolean;
}

/** Removes members first and the sandbox last: members live in the sandbox's namespaces and cgroup. */
export async function removeAll(runtime: ContainerRuntime, containers: ObservedContainer[]): Promise<void> {
  await Promise.all(containers.filter((c) => c.role !== "infra").map((c) => runtime.removeContainer(c.id)));
  await Promise.all(containers.filter((c) => c.role === "infra").map((c) => runtime.removeContainer(c.id)));
}

/**
 * Takes a group plan's actions in order through the runtime, recording events as it goes. A failure
 * that retrying will not fix ends the pass with `failure`; any other error is thrown, for the pass to
 * be retried with back-off.
 */
export async function executeGroupPlan(deps: ReconcilerDeps, group: GroupRecord, actual: ObservedContainer[], actions: GroupAction[], signal: AbortSignal): Promise<ExecutionResult> {
  const { store, runtime, logger } = deps;
  const result: ExecutionResult = { failure: null, blocked: new Map(), changed: false };
  const event = (e: NewEvent) => store.appendEvent(group.id, e);
  let sandboxId = actual.find((c) => c.role === "infra")?.id;
  /**
   * A new sandbox's start, still going: its members' images are checked and the members created
   * meanwhile (Docker creates a container joining a sandbox that is only created), and started once
   * it has. Handled at once, so that a pass failing before it is awaited leaves no unhandled rejection.
   */
  let sandboxStart: Promise<void> | undefined;
  const sandboxStarted = async () => {
    const starting = sandboxStart;
    sandboxStart = undefined;
    await starting;
  };

  // Made on the first container to create: most passes create none, and need no image cache lookup.
  let images: ImagePuller | undefined;
  const puller = () =>
    (images ??= new ImagePuller({
      runtime,
      clock: deps.clock,
      credentials: deps.credentials,
      cache: deps.caches.forGroup(group.accountId, group.spec),
      access: { accountId: group.accountId, store: store.imageAccess },
      timeoutMs: deps.config.imagePullTimeoutMs,
      signal,
      event,
    }));
  const start = async (containerId: string, container: string) => {
    try {
      await runtime.startContainer(containerId);
      event({ type: "Normal", reason: "Started", message: `Started container ${container}`, container });
    } catch (err) {
      // Docker records why (a missing executable, say) on the container; the next observation reports it.
      event({ type: "Warning", reason: "Failed", message: `Failed to start container ${container}: ${(err as Error).message}`, container });
    }
  };
  /** Creates a sandbox and sets it starting (`sandboxStart`); returns its id. */
  const createSandbox = async (spec: SandboxSpec) => {
    const id = await runtime.createSandbox(spec);
    sandboxStart = runtime.startContainer(id).then(() => logger.debug({ sandboxId: id }, "Started sandbox"));
    sandboxStart.catch(() => {});
    return id;
  };
  /** Images and mounts for each container first: one that cannot have them fails the group before anything is created. */
  const prepare = async (specs: ContainerSpec[]) => {
    const ready = new Map<string, { image: string; mounts: Mount[] }>();
    for (const spec of specs) {
      const pulled = await puller().ensure(spec);
      const mounted = "reason" in pulled ? pulled : await mountsFor(runtime, deps.config.dataDir, group.id, group.spec, spec, group.configBasis);
      if ("reason" in mounted) {
        result.blocked.set(spec.name, mounted);
        throw new TerminalError(`container ${spec.name}: ${mounted.message}`);
      }
      ready.set(spec.name, { image: (pulled as { image: string }).image, mounts: mounted.mounts });
    }
    return ready;
  };

  try {
    for (const action of actions) {
      if (action.kind !== "event" && action.kind !== "createMembers" && action.kind !== "writeConfigVolumes") await sandboxStarted();
      if (action.kind !== "event") logger.debug({ action: action.kind, reason: "reason" in action ? action.reason : undefined }, "Taking action");
      switch (action.kind) {
        case "event":
          event(action.event);
          break;
        case "fail":
          throw new TerminalError(action.message);
        case "removeContainers":
          result.changed = true;
          await removeAll(runtime, action.containers);
          if (action.containers.some((c) => c.id === sandboxId)) sandboxId = undefined;
          break;
        case "createSandbox":
          result.changed = true;
          sandboxId = await createSandbox(action.sandbox);
          break;
        case "startSandbox":
          result.changed = true;
          try {
            await runtime.startContainer(action.containerId);
          } catch (err) {
            if (!(err instanceof StuckContainerError)) throw err;
            // Its members go too, first: they are created again in the new sandbox's namespaces anyway.
            logger.warn({ sandboxId: action.containerId, err }, "Replacing a sandbox Docker cannot start again");
            await removeAll(runtime, actual);
            sandboxId = await createSandbox(action.sandbox);
          }
          break;
        case "resizeSandbox":
          result.changed = true;
          await runtime.resizeSandbox(action.containerId, action.limits);
          break;
        case "writeConfigVolumes":
          prepareConfigVolumes(deps.config.dataDir, group.id, group.spec, group.configBasis);
          break;
        case "start":
          result.changed = true;
          await start(action.containerId, action.container);
          break;
        case "createMembers": {
          const ready = await prepare(action.containers.map((c) => c.spec));
          if (!sandboxId) throw new Error("no sandbox to create containers in");
          const inSandbox = sandboxId;
          result.changed = true;
          const created = await Promise.all(
            action.containers.map(async ({ spec, specHash }) => {
              const { image, mounts } = ready.get(spec.name) as { image: string; mounts: Mount[] };
              const id = await runtime.createMember(memberSpecFor(group, inSandbox, spec, image, specHash, mounts, deps.secrets));
              event({ type: "Normal", reason: "Created", message: `Created container ${spec.name}`, container: spec.name });
              return { id, name: spec.name };
            }),
          );
          await sandboxStarted();
          await Promise.all(created.map((c) => start(c.id, c.name)));
          break;
        }
      }
    }
    await sandboxStarted();
  } catch (err) {
    if (!(err instanceof TerminalError)) throw err;
    result.failure = err.message;
  }
  return result;
}
