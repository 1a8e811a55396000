export const registryCredentials = `
CREATE TABLE registry_credentials (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  server TEXT NOT NULL,
  username TEXT NOT NULL,
  sealed_password TEXT NOT NULL,
  password_updated_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX registry_credentials_account ON registry_credentials(account_id) WHERE deleted_at IS NULL;
`;
