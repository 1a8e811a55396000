import type { GroupNetwork } from "@eci/sdk";
import { EngineError } from "../errors";
import type { EipService } from "./eip-service";
import type { VxnetService } from "./vxnet-service";

/**
 * Where a group's spec puts it on the network: checks the vxnet, EIP and security group it names
 * (422 when the account lacks one, 409 when another holds its EIP or fixed IP) and picks its private
 * IP in VPC mode.
 */
export class GroupPlacement {
  constructor(
    private readonly vxnets: VxnetService,
    private readonly eips: EipService,
    private readonly securityGroups: { exists(accountId: string, id: string): boolean },
  ) {}

  /** The private IP to assign (VPC mode), or null on the basic network. */
  place(accountId: string, groupId: string, network: GroupNetwork | undefined, current: string | null): string | null {
    if (!network) return null;
    if (network.securityGroupId && !this.securityGroups.exists(accountId, network.securityGroupId)) {
      throw EngineError.validation([{ path: "network.securityGroupId", rule: "exists", value: network.securityGroupId, message: "no such security group" }]);
    }
    if (network.mode === "vpc") return this.vxnets.assignIp(accountId, groupId, network, current);
    if (network.eipId) {
      if (!this.eips.addressOf(accountId, network.eipId)) throw EngineError.validation([{ path: "network.eipId", rule: "exists", value: network.eipId, message: "no such EIP" }]);
      this.eips.checkBindable(accountId, network.eipId, groupId);
    }
    return null;
  }
}
