export const initial = `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE access_keys (
  key_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  created_at TEXT NOT NULL
);

CREATE TABLE container_groups (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  spec TEXT NOT NULL,
  cpu REAL NOT NULL,
  memory REAL NOT NULL,
  update_generation INTEGER NOT NULL DEFAULT 0,
  observed_update_generation INTEGER NOT NULL DEFAULT 0,
  restart_generation INTEGER NOT NULL DEFAULT 0,
  observed_restart_generation INTEGER NOT NULL DEFAULT 0,
  delete_requested INTEGER NOT NULL DEFAULT 0,
  observed TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX container_groups_account ON container_groups(account_id) WHERE deleted_at IS NULL;

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id TEXT NOT NULL,
  type TEXT NOT NULL,
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  container TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX events_group ON events(group_id, id);
`;
