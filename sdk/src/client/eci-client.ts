import type { ClientOptions } from "./client-options";
import { ContainerGroupsClient } from "./container-groups-client";
import { DisksClient } from "./disks-client";
import { HttpClient } from "./http-client";
import { ImageCachesClient } from "./image-caches-client";
import { RegistryCredentialsClient } from "./registry-credentials-client";

/**
 * A typed client of the ECI engine's API. Every answer is parsed with the contract's schemas; every
 * failure is an `EciError` carrying the code, the HTTP status, the method and the URL.
 *
 * @example
 *   const eci = new EciClient({ endpoint: "http://127.0.0.1:7400", accessKey });
 *   const group = await eci.containerGroups.create({ name: "web", containers: [{ name: "app", image: "nginx:1.27" }] });
 */
export class EciClient {
  readonly containerGroups: ContainerGroupsClient;
  readonly registryCredentials: RegistryCredentialsClient;
  readonly imageCaches: ImageCachesClient;
  readonly disks: DisksClient;
  readonly endpoint: string;

  constructor(options: ClientOptions = {}) {
    const http = new HttpClient(options);
    this.endpoint = http.endpoint;
    this.containerGroups = new ContainerGroupsClient(http);
    this.registryCredentials = new RegistryCredentialsClient(http);
    this.imageCaches = new ImageCachesClient(http);
    this.disks = new DisksClient(http);
  }
}
