import type { ContainerGroupSpec } from "@eci/sdk";

/** Seals secrets for the store and opens them again (`SecretBox`). */
export interface SecretSealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

/** Opens what a `SecretSealer` sealed: all the reconciler may do with a secret. */
export interface SecretOpener {
  open(sealed: string): string;
}

/**
 * The spec as the store keeps it: each `secureEnv` value sealed (SPEC §2). A value that `current` (the
 * stored spec) already holds for the same container and variable keeps its sealed text, so a spec sent
 * again unchanged hashes the same and restarts nothing; a changed value gets new sealed text, which
 * re-creates that container as a changed `env` does.
 */
export function sealSecureEnv(spec: ContainerGroupSpec, box: SecretSealer, current?: ContainerGroupSpec): ContainerGroupSpec {
  return {
    ...spec,
    containers: spec.containers.map((c) => {
      if (!c.secureEnv) return c;
      const stored = current?.containers.find((s) => s.name === c.name)?.secureEnv ?? {};
      const sealed = Object.fromEntries(Object.entries(c.secureEnv).map(([name, plain]) => [name, sameValue(box, stored[name], plain) ? stored[name] : box.seal(plain)]));
      return { ...c, secureEnv: sealed };
    }),
  };
}

/** A stored spec's `secureEnv` values opened, for the container's environment. */
export function openSecureEnv(secureEnv: Record<string, string> | undefined, secrets: SecretOpener): Record<string, string> {
  return Object.fromEntries(Object.entries(secureEnv ?? {}).map(([name, sealed]) => [name, secrets.open(sealed)]));
}

function sameValue(box: SecretSealer, sealed: string | undefined, plain: string): boolean {
  if (sealed === undefined) return false;
  try {
    return box.open(sealed) === plain;
  } catch {
    // Sealed under another key, or damaged: seal the value again.
    return false;
  }
}
