import { initial } from "./001-initial";
import { registryCredentials } from "./002-registry-credentials";

/** Schema changes in order; the store applies those above the database's `user_version`. Never edit a released one. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: "initial", sql: initial },
  { version: 2, name: "registry-credentials", sql: registryCredentials },
];
