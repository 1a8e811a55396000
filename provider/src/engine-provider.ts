import { EciClient, hasCode, resolveEndpoint } from "@eci/sdk";
import { clientOptionsOf } from "./connection";
import type { ChangeContext } from "./diff";

/** What `configure` reads from the stack config (`pulumi config set eci:endpoint …`). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/**
 * What the hooks of every ECI dynamic resource share. The object is serialized into every resource's
 * state, so it holds no settings of its own: the endpoint, key and CA file come from `configure` (stack
 * config `eci:endpoint`, `eci:accessKey`, `eci:caFile`) or the environment (`ECI_ENDPOINT`,
 * `ECI_ACCESS_KEY`, `ECI_CA_FILE`) at run time, and the CA certificate is read from its file then. A
 * resource's own `connection` input overrides them field by field, for every hook of that resource.
 */
export class EngineProvider {
  endpoint?: string;
  accessKey?: string;
  caFile?: string;

  async configure(req: { config: ConfigSource }): Promise<void> {
    this.endpoint = req.config.get("eci:endpoint") ?? undefined;
    this.accessKey = req.config.get("eci:accessKey") ?? undefined;
    this.caFile = req.config.get("eci:caFile") ?? undefined;
  }

  /**
   * The client for a resource's hooks, from its `connection` (inputs and outputs both carry it) and the
   * configured defaults; made in the hook that uses it: a captured client would be serialized into the state.
   */
  protected client(props: Record<string, unknown>): EciClient {
    return new EciClient(clientOptionsOf(props, this));
  }

  /** What `diff` needs to classify the inputs every resource shares (`adoptId`, `connection`). */
  protected changeContext(id: string): ChangeContext {
    return { id, defaultEndpoint: resolveEndpoint(this.endpoint) };
  }
}

/** Progress lines: the provider server forwards the plugin's stdout to the Pulumi CLI. */
export function log(line: string): void {
  console.log(line);
}

/** The resource, or null when the engine says it does not exist (deleted, or deleted outside Pulumi). */
export function orNullIfMissing<T>(request: Promise<T>): Promise<T | null> {
  return request.catch((err: unknown) => (hasCode(err, "not_found") ? null : Promise.reject(err)));
}
