export const networks = `
CREATE TABLE network_resources (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL,
  spec TEXT NOT NULL,
  assigned TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX network_resources_account ON network_resources(account_id, kind) WHERE deleted_at IS NULL;
ALTER TABLE container_groups ADD COLUMN assigned_ip TEXT;
`;
