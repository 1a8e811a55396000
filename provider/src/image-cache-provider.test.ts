import { expect } from "chai";
import { ImageCacheProvider } from "./image-cache-provider";
import { UNKNOWN } from "./unknowns";

const provider = new ImageCacheProvider();
const news = { __provider: "serialized", __autonamePrefix: "app", images: ["registry.example.com/team/app:1"] };

describe("ImageCacheProvider check and diff", () => {
  it("fills the defaults, a generated name and a long create timeout", async () => {
    const { inputs, failures } = await provider.check({}, news);
    expect(failures).to.deep.equal([]);
    expect(inputs).to.deep.include({ description: "", registryCredentialIds: [], sizeGB: 20, timeouts: { create: "60m", update: "10m", delete: "10m" } });
    expect(inputs.name).to.match(/^app-[0-9a-f]{7}$/);
  });

  it("reports the engine's rules with their properties", async () => {
    const { failures } = await provider.check({}, { ...news, images: ["a:1", "a:1"], sizeGB: 10, registryCredentialIds: ["nope"] });
    expect(failures).to.deep.include({ property: "images[1]", reason: "image a:1 is already listed at images[0]" });
    expect(failures.map((f) => f.property)).to.include.members(["sizeGB", "registryCredentialIds[0]"]);
  });

  it("renames in place and replaces for images, credentials and size", async () => {
    const { inputs } = await provider.check({}, news);
    const olds = { ...inputs, status: "available", usedBytes: 1 };
    expect(await provider.diff("ic-00000000", olds, inputs)).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await provider.diff("ic-00000000", olds, { ...inputs, name: "renamed", description: "x" })).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await provider.diff("ic-00000000", olds, { ...inputs, images: ["registry.example.com/team/app:2"], sizeGB: 40 })).replaces).to.deep.equal(["images", "sizeGB"]);
    expect((await provider.diff("ic-00000000", olds, { ...inputs, registryCredentialIds: [UNKNOWN] })).replaces).to.deep.equal(["registryCredentialIds"]);
  });

  it("replaces a cache that failed even when nothing changed", async () => {
    const { inputs } = await provider.check({}, news);
    expect(await provider.diff("ic-00000000", { ...inputs, status: "failed" }, inputs)).to.deep.equal({ changes: true, replaces: ["images"], deleteBeforeReplace: false });
  });
});
