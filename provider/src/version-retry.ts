import { hasCode } from "@eci/sdk";
import { log } from "./engine-provider";

/**
 * A write sent with the version the state holds as `If-Match` (SPEC §7 "Versions"), so that a change
 * someone else made since the last read is seen rather than silently overwritten. The declared spec is
 * what Pulumi applies, so on `version_conflict` the resource is read again (`reread` may also wait
 * until it accepts changes) and the write is sent once more on top of what it is now; a second
 * conflict means another writer is busy with it, and is thrown. A state written before resources had
 * versions holds none: then the write is sent without `If-Match`.
 */
export async function withVersionRetry<T>(
  subject: string,
  version: unknown,
  write: (ifMatch: number | undefined) => Promise<T>,
  reread: () => Promise<{ version: number }>,
): Promise<T> {
  const ifMatch = typeof version === "number" ? version : undefined;
  try {
    return await write(ifMatch);
  } catch (err) {
    if (!hasCode(err, "version_conflict")) throw err;
    const current = await reread();
    log(`${subject} changed outside this update (version ${ifMatch} when last read, ${current.version} now); applying the declared spec on top of version ${current.version}`);
    return write(current.version);
  }
}
