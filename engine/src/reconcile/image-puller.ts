import type { ContainerSpec } from "@eci/sdk";
import type { Clock } from "../clock";
import { registryOf } from "@eci/sdk";
import type { ContainerRuntime, RegistryAuth } from "../runtime/container-runtime";
import { classifyPullError, describePullFailure } from "../runtime/pull-errors";
import type { NewEvent } from "../store/store";
import { formatDuration } from "./exit-accounting";

export interface PullFailure {
  reason: "ErrImagePull" | "ErrImageNeverPull";
  message: string;
}

/** Makes images available to one reconcile pass as each container's pull policy says, pulling each image once. */
export class ImagePuller {
  private readonly ready = new Set<string>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal,
    private readonly event: (e: NewEvent) => void,
    private readonly credentials: (id: string) => RegistryAuth | undefined,
  ) {}

  /** Undefined when the image is ready; why not otherwise. Throws only when the pass is aborted. */
  async ensure(spec: ContainerSpec): Promise<PullFailure | undefined> {
    const { image, name: container } = spec;
    if (this.ready.has(image)) return undefined;
    if (spec.imagePullPolicy !== "Always" && (await this.runtime.hasImage(image))) {
      this.ready.add(image);
      return undefined;
    }
    if (spec.imagePullPolicy === "Never") {
      const message = `image ${image} is not present and the pull policy is Never`;
      this.event({ type: "Warning", reason: "ErrImageNeverPull", message: `Container ${container}: ${message}`, container });
      return { reason: "ErrImageNeverPull", message };
    }
    const registry = registryOf(image);
    const auth = spec.registryCredentialId ? this.credentials(spec.registryCredentialId) : undefined;
    if (spec.registryCredentialId && !auth) {
      const message = `registry credential ${spec.registryCredentialId} for image ${image} no longer exists`;
      this.event({ type: "Warning", reason: "Failed", message: `Container ${container}: ${message}`, container });
      return { reason: "ErrImagePull", message };
    }
    this.event({ type: "Normal", reason: "Pulling", message: `Pulling image ${image}${auth ? ` from ${registry} as ${auth.username}` : ""}`, container });
    const started = this.clock.now();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    try {
      await this.runtime.pullImage(image, AbortSignal.any([this.signal, timeout]), auth);
    } catch (err) {
      if (this.signal.aborted) throw err;
      const detail = (err as Error).message;
      const message = timeout.aborted
        ? `failed to pull image ${image}: pulling took over ${formatDuration(this.timeoutMs)}`
        : describePullFailure(classifyPullError(err), image, registry, detail);
      this.event({ type: "Warning", reason: "Failed", message: `Container ${container}: ${message}`, container });
      return { reason: "ErrImagePull", message };
    }
    this.ready.add(image);
    this.event({ type: "Normal", reason: "Pulled", message: `Pulled image ${image} in ${formatDuration(this.clock.now() - started)}`, container });
    return undefined;
  }
}
