/** Why a pull failed, in words a user can act on; Docker 20.10 reports most of these as HTTP 500 with a text. */
export type PullFailureKind = "unauthorized" | "not_found" | "unreachable" | "other";

/**
 * Classifies a pull or login error by its text, as Docker 20.10 gives no useful status (an
 * authentication failure is a 500 `unauthorized: authentication required`); newer daemons' 401/404 match too.
 */
export function classifyPullError(err: unknown): PullFailureKind {
  const text = `${(err as { statusCode?: number })?.statusCode ?? ""} ${(err as Error)?.message ?? String(err)}`;
  if (/unauthorized|authentication required|no basic auth credentials|401 Unauthorized|denied: requested access/i.test(text)) return "unauthorized";
  if (/manifest unknown|not found|404|repository does not exist|name unknown/i.test(text)) return "not_found";
  if (/connection refused|no such host|i\/o timeout|dial tcp|EHOSTUNREACH|ECONNREFUSED/i.test(text)) return "unreachable";
  return "other";
}

export function describePullFailure(kind: PullFailureKind, image: string, registry: string, detail: string): string {
  switch (kind) {
    case "unauthorized":
      return `registry ${registry} refused the credentials for image ${image} (wrong username or password, or no access)`;
    case "not_found":
      return `image ${image} does not exist in registry ${registry}`;
    case "unreachable":
      return `registry ${registry} could not be reached for image ${image}: ${detail}`;
    default:
      return `failed to pull image ${image}: ${detail}`;
  }
}
