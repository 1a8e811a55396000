/**
 * A version per resource (SPEC §7 "Versions"): it grows with each accepted change of the spec, and a
 * write that names a version (`If-Match`) only applies while the row still has it. Rows that exist
 * start at 1, as new ones do.
 */
export const versions = `
ALTER TABLE container_groups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE image_caches ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE registry_credentials ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE disks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE network_resources ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
`;
