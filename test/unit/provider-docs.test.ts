import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { CONTAINER_GROUP_CHANGES } from "../../provider/src/diff";

describe("docs/provider.md", () => {
  it("shows the replace-or-update table of provider/src/diff.ts", () => {
    const text = readFileSync(path.join(__dirname, "../../docs/provider.md"), "utf8");
    const rows = [...text.matchAll(/^\| `(\w+)` \| (replace|online|metadata|provider) \|$/gm)].map(([, field, kind]) => [field, kind]);
    expect(Object.fromEntries(rows)).to.deep.equal(CONTAINER_GROUP_CHANGES);
  });
});
