import type { ImagePullPolicy } from "@eci/sdk";

/**
 * How a container gets its image: `use` the one present, `pull` it, `prove` the account's access to a
 * present private image with its own credential (a pull, which fetches only the manifest when the layers
 * are present), `refuse` it (ErrImagePull), or fail it as `not-present` under the policy Never.
 */
export type ImageUse = "use" | "pull" | "prove" | "refuse" | "not-present";

export interface ImageUseFacts {
  policy: ImagePullPolicy;
  /** On the daemon: by its reference, or in the group's image cache. */
  present: boolean;
  /** Pulled with a registry credential, by any account of the engine. */
  private: boolean;
  /** The group's account pulled it with its own credential, or proved access to it since. */
  accessProven: boolean;
  /** The container names a registry credential. */
  credential: boolean;
}

/**
 * SPEC §7 "Private images stay private": the pull policy says when to pull, but a present image that
 * another account pulled with its credential is started only for an account that has proven access to
 * it, whatever the policy says (Docker's image store is shared by every account); with no credential to
 * prove it with, the container is refused without asking the registry anything.
 */
export function decideImageUse(f: ImageUseFacts): ImageUse {
  if (f.policy === "Always") return "pull";
  if (!f.present) return f.policy === "Never" ? "not-present" : "pull";
  if (!f.private || f.accessProven) return "use";
  return f.credential ? "prove" : "refuse";
}
