import type { ContainerSpec } from "@eci/sdk";
import type { Clock } from "../clock";
import { registryOf } from "@eci/sdk";
import type { ContainerRuntime, RegistryAuth } from "../runtime/container-runtime";
import { classifyPullError, describePullFailure } from "../runtime/pull-errors";
import type { CacheView } from "../services/image-cache-service";
import type { NewEvent } from "../store/store";
import { formatDuration } from "./exit-accounting";

export interface PullFailure {
  reason: "ErrImagePull" | "ErrImageNeverPull";
  message: string;
}

/**
 * Makes images available to one reconcile pass: from the group's image cache when it holds them, else
 * as each container's pull policy says, pulling each image once. Says which image to create from.
 */
export class ImagePuller {
  private readonly ready = new Map<string, string>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal,
    private readonly event: (e: NewEvent) => void,
    private readonly credentials: (id: string) => RegistryAuth | undefined,
    private readonly cache: CacheView | undefined,
  ) {}

  /** The image to create the container from, or why there is none. Throws only when the pass is aborted. */
  async ensure(spec: ContainerSpec): Promise<{ image: string } | PullFailure> {
    const { image, name: container } = spec;
    const known = this.ready.get(image);
    if (known) return { image: known };
    if (this.cache) {
      // A cache is an explicit choice: it serves its images whatever the pull policy, by image id.
      const cachedId = this.cache.images.get(image);
      if (cachedId && (await this.runtime.inspectImage(cachedId))) {
        this.event({ type: "Normal", reason: "CacheHit", message: `Image ${image} served from image cache ${this.cache.id}, without pulling`, container });
        this.ready.set(image, cachedId);
        return { image: cachedId };
      }
      this.event({ type: "Warning", reason: "CacheMiss", message: `Image ${image} is not in image cache ${this.cache.id}; pulling it`, container });
    }
    if (spec.imagePullPolicy !== "Always" && (await this.runtime.inspectImage(image))) {
      this.ready.set(image, image);
      return { image };
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
    this.ready.set(image, image);
    this.event({ type: "Normal", reason: "Pulled", message: `Pulled image ${image} in ${formatDuration(this.clock.now() - started)}`, container });
    return { image };
  }
}
