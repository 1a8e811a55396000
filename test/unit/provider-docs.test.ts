import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { CONTAINER_GROUP_CHANGES, IMAGE_CACHE_CHANGES, REGISTRY_CREDENTIAL_CHANGES } from "../../provider/src/diff";

/** The rows `| \`field\` | kind |` of the docs' section for a resource. */
function tableOf(resource: string): Record<string, string> {
  const text = readFileSync(path.join(__dirname, "../../docs/provider.md"), "utf8");
  const section = text.split(/^## /m).find((s) => s.startsWith(`${resource}\n`)) ?? "";
  return Object.fromEntries([...section.matchAll(/^\| `(\w+)` \| (\w+) \|$/gm)].map(([, field, kind]) => [field, kind]));
}

describe("docs/provider.md", () => {
  it("shows the replace-or-update tables of provider/src/diff.ts", () => {
    expect(tableOf("ContainerGroup")).to.deep.equal(CONTAINER_GROUP_CHANGES);
    expect(tableOf("RegistryCredential")).to.deep.equal(REGISTRY_CREDENTIAL_CHANGES);
    expect(tableOf("ImageCache")).to.deep.equal(IMAGE_CACHE_CHANGES);
  });
});
