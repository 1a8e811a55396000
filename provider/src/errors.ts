/**
 * The error a create (or update) throws when the group exists but did not become ready. Pulumi's
 * dynamic-provider server sends it as a partial failure, so the resource stays in state with its id
 * and outputs instead of being leaked.
 */
export class ResourceInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
    this.name = "ResourceInitError";
  }
}
