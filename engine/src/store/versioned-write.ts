/**
 * The condition that makes an `UPDATE` a compare-and-write (SPEC §7 "Versions"): it matches every
 * version when no version is expected, and only the expected one otherwise. Being part of the one
 * statement that writes, no other write can come between the compare and the write; the statement's
 * changed-row count says which happened.
 */
export const IF_VERSION = "(? IS NULL OR version = ?)";

/** The parameters of `IF_VERSION`, in its order. */
export function versionParams(expectedVersion: number | undefined): [number | null, number | null] {
  const v = expectedVersion ?? null;
  return [v, v];
}
