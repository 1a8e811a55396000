/**
 * Images the engine pulled with a registry credential, and the accounts that may start them (SPEC §7
 * "Private images stay private"): Docker's image store is shared by every account, so this is what keeps
 * one account's private image from being started by another.
 */
export const imageAccess = `
CREATE TABLE private_images (
  image_id TEXT PRIMARY KEY,
  reference TEXT NOT NULL,
  pulled_at TEXT NOT NULL
);
CREATE TABLE image_access (
  image_id TEXT NOT NULL REFERENCES private_images(image_id),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  proven_at TEXT NOT NULL,
  PRIMARY KEY (image_id, account_id)
);
`;
