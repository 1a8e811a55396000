import { EngineError } from "../errors";

/**
 * The resources whose deletion waits on Docker (a disk's volume, a VPC's network). A DELETE checks
 * (its `If-Match` among the checks), awaits Docker, then writes the store: a change accepted in between
 * would be lost with the resource, so while a deletion is under way, changes of it are refused.
 */
export class DeletionsInFlight {
  private readonly ids = new Set<string>();

  /** Refuses (409 `invalid_state`) a change, or a second deletion, of a resource being deleted. */
  check(subject: string, id: string, operation: string): void {
    if (this.ids.has(id)) throw EngineError.invalidState(subject, "being deleted", operation);
  }

  async run<T>(id: string, deletion: () => Promise<T>): Promise<T> {
    this.ids.add(id);
    try {
      return await deletion();
    } finally {
      this.ids.delete(id);
    }
  }
}
