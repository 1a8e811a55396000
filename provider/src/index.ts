export { ContainerGroup } from "./container-group";
export { ContainerGroupProvider } from "./container-group-provider";
export { Disk } from "./disk";
export { EciResource, type GetOptions } from "./eci-resource";
export { Eip } from "./eip";
export { hourlyCost, type Priced } from "./hourly-cost";
export { ImageCache } from "./image-cache";
export { ImageCacheProvider } from "./image-cache-provider";
export { ReadyResourceProvider } from "./ready-resource-provider";
export { RegistryCredential } from "./registry-credential";
export { RegistryCredentialProvider } from "./registry-credential-provider";
export { SecurityGroup } from "./security-group";
export { StandbyPool } from "./standby-pool";
export { StandbyPoolProvider } from "./standby-pool-provider";
export { Vpc } from "./vpc";
export { Vxnet } from "./vxnet";
// Every resource's Args and outputs, and the types inside them, generated from the contract.
export type * from "./resource-types";
export {
  CONTAINER_GROUP_CHANGES,
  DISK_CHANGES,
  EIP_CHANGES,
  IMAGE_CACHE_CHANGES,
  REGISTRY_CREDENTIAL_CHANGES,
  SECURITY_GROUP_CHANGES,
  STANDBY_POOL_CHANGES,
  VPC_CHANGES,
  VXNET_CHANGES,
} from "./diff";
