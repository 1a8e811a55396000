import type { ContainerSpec } from "@eci/sdk";
import type { Clock } from "../clock";
import type { ContainerRuntime } from "../runtime/container-runtime";
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
    this.event({ type: "Normal", reason: "Pulling", message: `Pulling image ${image}`, container });
    const started = this.clock.now();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    try {
      await this.runtime.pullImage(image, AbortSignal.any([this.signal, timeout]));
    } catch (err) {
      if (this.signal.aborted) throw err;
      const why = timeout.aborted ? `pulling took over ${formatDuration(this.timeoutMs)}` : (err as Error).message;
      const message = `failed to pull image ${image}: ${why}`;
      this.event({ type: "Warning", reason: "Failed", message: `Container ${container}: ${message}`, container });
      return { reason: "ErrImagePull", message };
    }
    this.ready.add(image);
    this.event({ type: "Normal", reason: "Pulled", message: `Pulled image ${image} in ${formatDuration(this.clock.now() - started)}`, container });
    return undefined;
  }
}
