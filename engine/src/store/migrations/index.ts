import { initial } from "./001-initial";
import { registryCredentials } from "./002-registry-credentials";
import { imageCaches } from "./003-image-caches";
import { disks } from "./004-disks";
import { networks } from "./005-networks";
import { billing } from "./006-billing";
import { metrics } from "./007-metrics";
import { accounts } from "./008-accounts";
import { imageAccess } from "./009-image-access";
import { versions } from "./010-versions";
import { standbyPools } from "./011-standby-pools";

/** Schema changes in order; the store applies those above the database's `user_version`. Never edit a released one. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: "initial", sql: initial },
  { version: 2, name: "registry-credentials", sql: registryCredentials },
  { version: 3, name: "image-caches", sql: imageCaches },
  { version: 4, name: "disks", sql: disks },
  { version: 5, name: "networks", sql: networks },
  { version: 6, name: "billing", sql: billing },
  { version: 7, name: "metrics", sql: metrics },
  { version: 8, name: "accounts", sql: accounts },
  { version: 9, name: "image-access", sql: imageAccess },
  { version: 10, name: "versions", sql: versions },
  { version: 11, name: "standby-pools", sql: standbyPools },
];
