export { ContainerGroup, type ContainerArgs, type ContainerGroupArgs, type VolumeArgs } from "./container-group";
export { ContainerGroupProvider } from "./container-group-provider";
export { ImageCache, type ImageCacheArgs } from "./image-cache";
export { ImageCacheProvider } from "./image-cache-provider";
export { RegistryCredential, type RegistryCredentialArgs } from "./registry-credential";
export { RegistryCredentialProvider } from "./registry-credential-provider";
export { CONTAINER_GROUP_CHANGES, IMAGE_CACHE_CHANGES, REGISTRY_CREDENTIAL_CHANGES } from "./diff";
