// One open interval per resource at most: the unique index makes a double count impossible, whatever restarts.
export const billing = `
CREATE TABLE usage_intervals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  resource_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  size TEXT NOT NULL,
  started_at_s INTEGER NOT NULL,
  ended_at_s INTEGER
);
CREATE UNIQUE INDEX usage_intervals_open ON usage_intervals(resource_id) WHERE ended_at_s IS NULL;
CREATE INDEX usage_intervals_account ON usage_intervals(account_id, started_at_s);
`;
