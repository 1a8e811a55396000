import { initial } from "./001-initial";

/** Schema changes in order; the store applies those above the database's `user_version`. Never edit a released one. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [{ version: 1, name: "initial", sql: initial }];
