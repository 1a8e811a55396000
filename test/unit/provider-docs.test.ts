import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import {
  CONTAINER_GROUP_CHANGES,
  DISK_CHANGES,
  EIP_CHANGES,
  IMAGE_CACHE_CHANGES,
  REGISTRY_CREDENTIAL_CHANGES,
  SECURITY_GROUP_CHANGES,
  STANDBY_POOL_CHANGES,
  VPC_CHANGES,
  VXNET_CHANGES,
} from "../../provider/src/diff";

/** The rows `| \`field\` | kind |` of the docs' section (`## Name` or `### Name`) for a resource. */
function tableOf(resource: string): Record<string, string> {
  const text = readFileSync(path.join(__dirname, "../../docs/provider.md"), "utf8");
  const heading = new RegExp(`^(#{2,3}) ${resource}$`, "m").exec(text);
  if (!heading) return {};
  // The section runs until the next heading of the same level or higher.
  const rest = text.slice(heading.index + heading[0].length);
  const end = new RegExp(`^#{2,${heading[1].length}} `, "m").exec(rest);
  const section = end ? rest.slice(0, end.index) : rest;
  return Object.fromEntries([...section.matchAll(/^\| `(\w+)` \| (\w+) \|$/gm)].map(([, field, kind]) => [field, kind]));
}

describe("docs/provider.md", () => {
  it("shows the replace-or-update tables of provider/src/diff.ts", () => {
    expect(tableOf("ContainerGroup")).to.deep.equal(CONTAINER_GROUP_CHANGES);
    expect(tableOf("RegistryCredential")).to.deep.equal(REGISTRY_CREDENTIAL_CHANGES);
    expect(tableOf("ImageCache")).to.deep.equal(IMAGE_CACHE_CHANGES);
    expect(tableOf("StandbyPool")).to.deep.equal(STANDBY_POOL_CHANGES);
    expect(tableOf("Eip")).to.deep.equal(EIP_CHANGES);
    expect(tableOf("Vpc")).to.deep.equal(VPC_CHANGES);
    expect(tableOf("Vxnet")).to.deep.equal(VXNET_CHANGES);
    expect(tableOf("SecurityGroup")).to.deep.equal(SECURITY_GROUP_CHANGES);
    expect(tableOf("Disk")).to.deep.equal(DISK_CHANGES);
  });
});
