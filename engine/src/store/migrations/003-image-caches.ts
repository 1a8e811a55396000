export const imageCaches = `
CREATE TABLE image_caches (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  spec TEXT NOT NULL,
  status TEXT NOT NULL,
  status_reason TEXT,
  cached_images TEXT NOT NULL DEFAULT '[]',
  delete_requested INTEGER NOT NULL DEFAULT 0,
  failed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX image_caches_account ON image_caches(account_id) WHERE deleted_at IS NULL;
`;
