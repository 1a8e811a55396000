export { ContainerGroup, type ContainerArgs, type ContainerGroupArgs, type VolumeArgs } from "./container-group";
export { ContainerGroupProvider } from "./container-group-provider";
export { Disk, type DiskArgs } from "./disk";
export { Eip, type EipArgs } from "./eip";
export { ImageCache, type ImageCacheArgs } from "./image-cache";
export { ImageCacheProvider } from "./image-cache-provider";
export { ReadyResourceProvider } from "./ready-resource-provider";
export { RegistryCredential, type RegistryCredentialArgs } from "./registry-credential";
export { RegistryCredentialProvider } from "./registry-credential-provider";
export { SecurityGroup, type SecurityGroupArgs, type SecurityGroupRuleArgs } from "./security-group";
export { Vpc, type PortForwardingArgs, type VpcArgs } from "./vpc";
export { Vxnet, type VxnetArgs } from "./vxnet";
export {
  CONTAINER_GROUP_CHANGES,
  DISK_CHANGES,
  EIP_CHANGES,
  IMAGE_CACHE_CHANGES,
  REGISTRY_CREDENTIAL_CHANGES,
  SECURITY_GROUP_CHANGES,
  VPC_CHANGES,
  VXNET_CHANGES,
} from "./diff";
