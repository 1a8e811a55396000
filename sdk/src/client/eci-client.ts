import { type QuotaReport, QuotaReportSchema } from "../schemas/account";
import { type Bill, BillSchema } from "../schemas/billing";
import { type Disk, DiskSchema, type DiskSpecInput } from "../schemas/disk";
import { type Eip, EipSchema, type EipSpecInput } from "../schemas/eip";
import { type RegistryCredential, RegistryCredentialSchema, type RegistryCredentialSpecInput } from "../schemas/registry-credential";
import { type SecurityGroup, SecurityGroupSchema, type SecurityGroupSpecInput } from "../schemas/security-group";
import { type StandbyPool, StandbyPoolSchema, type StandbyPoolSpecInput } from "../schemas/standby-pool";
import { type Vpc, VpcSchema, type VpcSpecInput, type Vxnet, VxnetSchema, type VxnetSpecInput } from "../schemas/vpc";
import { AccessKeysClient } from "./access-keys-client";
import type { ClientOptions } from "./client-options";
import { ContainerGroupsClient } from "./container-groups-client";
import { HttpClient } from "./http-client";
import { ImageCachesClient } from "./image-caches-client";
import { ResourceClient } from "./resource-client";

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
  /** `/v1/registry-credentials`. Passwords go in and never come back; an update is a rotation. */
  readonly registryCredentials: ResourceClient<RegistryCredentialSpecInput, RegistryCredential>;
  readonly imageCaches: ImageCachesClient;
  /** `/v1/disks`. A disk is attached to the group whose spec names it; the type cannot change, the size only grows. */
  readonly disks: ResourceClient<DiskSpecInput, Disk>;
  /** `/v1/eips`. The engine picks the address from its loopback pool. */
  readonly eips: ResourceClient<EipSpecInput, Eip>;
  /** `/v1/vpcs`. Everything but the range changes online, without restarting any group. */
  readonly vpcs: ResourceClient<VpcSpecInput, Vpc>;
  /** `/v1/vxnets`. Only the name and description change; `vxnet-0` is the basic network. */
  readonly vxnets: ResourceClient<VxnetSpecInput, Vxnet>;
  /** `/v1/security-groups`. Rule changes take effect without restarting anything. */
  readonly securityGroups: ResourceClient<SecurityGroupSpecInput, SecurityGroup>;
  /** `/v1/standby-pools`. Groups kept running ahead of demand; claim one with `containerGroups.create({ ...profile, standbyPoolId })`. */
  readonly standbyPools: ResourceClient<StandbyPoolSpecInput, StandbyPool>;
  /** `/v1/access-keys`: the account's own keys. */
  readonly accessKeys: AccessKeysClient;
  readonly endpoint: string;
  private readonly http: HttpClient;

  constructor(options: ClientOptions = {}) {
    const http = (this.http = new HttpClient(options));
    this.endpoint = http.endpoint;
    this.containerGroups = new ContainerGroupsClient(http);
    this.registryCredentials = new ResourceClient(http, "/v1/registry-credentials", RegistryCredentialSchema);
    this.imageCaches = new ImageCachesClient(http);
    this.disks = new ResourceClient(http, "/v1/disks", DiskSchema);
    this.eips = new ResourceClient(http, "/v1/eips", EipSchema);
    this.vpcs = new ResourceClient(http, "/v1/vpcs", VpcSchema);
    this.vxnets = new ResourceClient(http, "/v1/vxnets", VxnetSchema);
    this.securityGroups = new ResourceClient(http, "/v1/security-groups", SecurityGroupSchema);
    this.standbyPools = new ResourceClient(http, "/v1/standby-pools", StandbyPoolSchema);
    this.accessKeys = new AccessKeysClient(http);
  }

  /** `GET /v1/quotas`: each quota's limit and what the account uses now. */
  async quotas(): Promise<QuotaReport> {
    return (await this.http.request("get", "/v1/quotas", { schema: QuotaReportSchema })).data;
  }

  /**
   * `GET /v1/billing`: what the caller's account accrued in [from, to), per resource and size, priced
   * with the engine's current prices. `to` defaults to now and `from` to the start (UTC) of the month the period ends in.
   */
  async billing(period: { from?: string | Date; to?: string | Date } = {}): Promise<Bill> {
    const iso = (t: string | Date | undefined) => (t instanceof Date ? t.toISOString() : t);
    return (await this.http.request("get", "/v1/billing", { query: { from: iso(period.from), to: iso(period.to) }, schema: BillSchema })).data;
  }
}
