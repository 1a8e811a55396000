export { ContainerGroup, type ContainerArgs, type ContainerGroupArgs } from "./container-group";
export { ContainerGroupProvider } from "./container-group-provider";
export { CONTAINER_GROUP_CHANGES } from "./diff";
