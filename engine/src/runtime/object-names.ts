/** Names of the Docker objects the engine creates for its resources. */

/** The Docker volume that holds a disk's data. */
export function diskVolumeName(diskId: string): string {
  return `eci-disk-${diskId}`;
}

/** The Docker bridge network of a VPC: the VPC's range, its first address the gateway. */
export function vpcNetworkName(vpcId: string): string {
  return `eci-vpc-${vpcId}`;
}
