/** Keys get ids, names and a last use, so a user can list and rotate them; accounts get names that are unique and their own quotas. */
export const accounts = `
ALTER TABLE accounts ADD COLUMN quotas TEXT NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX accounts_name ON accounts(name);
ALTER TABLE access_keys ADD COLUMN id TEXT;
ALTER TABLE access_keys ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE access_keys ADD COLUMN last_used_at TEXT;
UPDATE access_keys SET id = 'ak-' || lower(hex(randomblob(4))), name = 'initial';
CREATE UNIQUE INDEX access_keys_id ON access_keys(id);
CREATE INDEX access_keys_account ON access_keys(account_id);
`;
