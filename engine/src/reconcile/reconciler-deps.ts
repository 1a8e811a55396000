import type { BillingKind, ContainerGroupSpec } from "@eci/sdk";
import type { Clock } from "../clock";
import type { EngineConfig } from "../config";
import type { Logger } from "../logger";
import type { ContainerRuntime, RegistryAuth } from "../runtime/container-runtime";
import type { SecretOpener } from "../secrets/secure-env";
import type { Store } from "../store/store";

export type ReconcilerConfig = Pick<
  EngineConfig,
  "restartBackoffBaseMs" | "restartBackoffMaxMs" | "backoffResetMs" | "healthyAfterMs" | "imagePullTimeoutMs" | "dataDir" | "cachePullTimeoutMs" | "cacheGbBytes"
>;

/** Opens a registry credential for a pull. */
export interface CredentialSource {
  resolve(id: string): RegistryAuth | undefined;
}

/** An available image cache as a group's pass uses it: image reference → image id. */
export interface CacheView {
  id: string;
  images: Map<string, string>;
}

/** Which image cache a group takes its images from, if any. */
export interface CacheLookup {
  forGroup(accountId: string, spec: ContainerGroupSpec): CacheView | undefined;
}

/** Brings a resource's billed usage in line with what the store now says of it. */
export interface UsageRecorder {
  record(kind: BillingKind, id: string): void;
}

/** Told after every group pass: the addresses and ports traffic is forwarded to may have changed. */
export interface ForwardingRefresh {
  refresh(): Promise<void>;
}

/** Everything the reconcilers use: the store and the runtime, and narrow views of the rest of the engine. */
export interface ReconcilerDeps {
  store: Store;
  runtime: ContainerRuntime;
  clock: Clock;
  config: ReconcilerConfig;
  logger: Logger;
  credentials: CredentialSource;
  caches: CacheLookup;
  usage: UsageRecorder;
  /** Opens the sealed `secureEnv` values of a container being created. */
  secrets: SecretOpener;
}
