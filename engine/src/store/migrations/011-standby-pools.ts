/**
 * Standby pools (SPEC §8). A pooled group is an ordinary group with `standby_pool_id` set until it is
 * claimed. `config_basis` records, per config-file volume, the content a claimed group's containers
 * were created with, so a claim that only changed files rewrites them without re-creating anything.
 */
export const standbyPools = `
CREATE TABLE standby_pools (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  spec TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX standby_pools_account ON standby_pools(account_id) WHERE deleted_at IS NULL;
ALTER TABLE container_groups ADD COLUMN standby_pool_id TEXT;
ALTER TABLE container_groups ADD COLUMN config_basis TEXT;
`;
