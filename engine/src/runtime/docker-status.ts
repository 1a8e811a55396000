/** Whether a dockerode error is the Docker API's answer with this HTTP status. */
export function isStatus(err: unknown, status: number): boolean {
  return typeof err === "object" && err !== null && (err as { statusCode?: number }).statusCode === status;
}

/** Waits for a Docker call on an object that may be gone already; its 404 is not an error. */
export async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if (!isStatus(err, 404)) throw err;
  }
}
