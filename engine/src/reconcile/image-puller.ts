import type { ContainerSpec } from "@eci/sdk";
import { type Clock, isoTime } from "../clock";
import { registryOf } from "@eci/sdk";
import type { ContainerRuntime } from "../runtime/container-runtime";
import { classifyPullError, describePullFailure } from "../runtime/pull-errors";
import type { CacheView, CredentialSource } from "./reconciler-deps";
import type { ImageAccessStore } from "../store/image-access-store";
import type { NewEvent } from "../store/store";
import { formatDuration } from "./format-duration";
import { decideImageUse } from "./image-use";

export interface PullFailure {
  reason: "ErrImagePull" | "ErrImageNeverPull";
  message: string;
}

/**
 * Makes images available to one reconcile pass: from the group's image cache when it holds them, else
 * as each container's pull policy says, pulling each image once; a present image that another account
 * pulled with its credential only once the group's account has proven access to it (`decideImageUse`).
 * Says which image id to create from, so the image checked is the image started.
 */
export interface ImagePullerOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  credentials: CredentialSource;
  /** The group's image cache, if it has one. */
  cache: CacheView | undefined;
  /** The group's account, and what the engine knows of who may start which private image. */
  access: { accountId: string; store: ImageAccessStore };
  timeoutMs: number;
  signal: AbortSignal;
  event: (e: NewEvent) => void;
}

export class ImagePuller {
  private readonly ready = new Map<string, string>();

  constructor(private readonly options: ImagePullerOptions) {}

  /** The image to create the container from, or why there is none. Throws only when the pass is aborted. */
  async ensure(spec: ContainerSpec): Promise<{ image: string } | PullFailure> {
    const { image, name: container } = spec;
    const known = this.ready.get(image);
    if (known) return { image: known };
    // A cache is an explicit choice: it serves its images whatever the pull policy, by image id.
    const cachedId = this.options.cache?.images.get(image);
    const cached = cachedId ? await this.options.runtime.inspectImage(cachedId) : undefined;
    if (this.options.cache && !cached) this.options.event({ type: "Warning", reason: "CacheMiss", message: `Image ${image} is not in image cache ${this.options.cache.id}; pulling it`, container });
    const present = cached ?? (spec.imagePullPolicy === "Always" ? undefined : await this.options.runtime.inspectImage(image));
    const record = present && this.options.access.store.get(present.id);
    const use = decideImageUse({
      policy: cached ? "IfNotPresent" : spec.imagePullPolicy,
      present: present !== undefined,
      private: record !== undefined,
      accessProven: record?.accountIds.includes(this.options.access.accountId) ?? false,
      credential: spec.registryCredentialId !== undefined,
    });
    if (use === "use" && present) {
      if (cached) this.options.event({ type: "Normal", reason: "CacheHit", message: `Image ${image} served from image cache ${this.options.cache?.id}, without pulling`, container });
      this.ready.set(image, present.id);
      return { image: present.id };
    }
    if (use === "pull" || use === "prove") return this.pull(spec, use === "prove");
    if (use === "refuse") {
      return this.fail(container, "ErrImagePull", `image ${image} is private to another account on this engine; give the container a registryCredentialId for ${registryOf(image)} that the registry accepts`);
    }
    return this.fail(container, "ErrImageNeverPull", `image ${image} is not present and the pull policy is Never`);
  }

  /** Pulls with the container's credential; when `proving`, the pull is the account's proof of access to a private image it found present. */
  private async pull(spec: ContainerSpec, proving: boolean): Promise<{ image: string } | PullFailure> {
    const { image, name: container } = spec;
    const registry = registryOf(image);
    const auth = spec.registryCredentialId ? this.options.credentials.resolve(spec.registryCredentialId) : undefined;
    if (spec.registryCredentialId && !auth) return this.fail(container, "ErrImagePull", `registry credential ${spec.registryCredentialId} for image ${image} no longer exists`);
    const purpose = proving ? ", to prove access to it: another account on this engine pulled it with its credential" : "";
    this.options.event({ type: "Normal", reason: "Pulling", message: `Pulling image ${image}${auth ? ` from ${registry} as ${auth.username}` : ""}${purpose}`, container });
    const started = this.options.clock.now();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    try {
      await this.options.runtime.pullImage(image, AbortSignal.any([this.options.signal, timeout]), auth);
    } catch (err) {
      if (this.options.signal.aborted) throw err;
      const detail = (err as Error).message;
      const message = timeout.aborted
        ? `failed to pull image ${image}: pulling took over ${formatDuration(this.options.timeoutMs)}`
        : describePullFailure(classifyPullError(err), image, registry, detail);
      return this.fail(container, "ErrImagePull", proving ? `image ${image} is private to another account on this engine, and access to it could not be proven: ${message}` : message);
    }
    const pulled = await this.options.runtime.inspectImage(image);
    if (!pulled) return this.fail(container, "ErrImagePull", `image ${image} vanished right after it was pulled`);
    this.options.access.store.recordPull({ imageId: pulled.id, reference: image, accountId: this.options.access.accountId, withCredential: auth !== undefined }, isoTime(this.options.clock.now()));
    this.ready.set(image, pulled.id);
    this.options.event({ type: "Normal", reason: "Pulled", message: `Pulled image ${image} in ${formatDuration(this.options.clock.now() - started)}`, container });
    return { image: pulled.id };
  }

  private fail(container: string, reason: PullFailure["reason"], message: string): PullFailure {
    this.options.event({ type: "Warning", reason: reason === "ErrImageNeverPull" ? reason : "Failed", message: `Container ${container}: ${message}`, container });
    return { reason, message };
  }
}
