import { expect } from "chai";
import { hashPassword } from "./password-hash";
import { ROTATED_ELSEWHERE, RegistryCredentialProvider } from "./registry-credential-provider";
import { UNKNOWN } from "./unknowns";

const provider = new RegistryCredentialProvider();
const news = { __provider: "serialized", server: "registry.example.com:5000", username: "ci", password: "first" };

describe("RegistryCredentialProvider check and diff", () => {
  it("names the credential after its server by default, as the engine does", async () => {
    const { inputs, failures } = await provider.check({}, news);
    expect(failures).to.deep.equal([]);
    expect(inputs).to.deep.equal({ name: "registry.example.com:5000", server: "registry.example.com:5000", username: "ci", password: "first", verify: false });
  });

  it("reports a bad server and an empty password with their properties", async () => {
    const { failures } = await provider.check({}, { ...news, server: "https://registry.example.com", password: "" });
    expect(failures.map((f) => f.property)).to.deep.equal(["server", "password"]);
    expect(failures[0].reason).to.equal("must be a registry host with an optional port, such as registry.example.com or 127.0.0.1:5000");
  });

  it("sees a new password through the stored hash, as an update and never a replacement", async () => {
    const { inputs } = await provider.check({}, news);
    const { password: _password, ...rest } = inputs;
    const olds = { ...rest, passwordHash: hashPassword("first") };
    expect(await provider.diff("rc-00000000", olds, inputs)).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await provider.diff("rc-00000000", olds, { ...inputs, password: "second" })).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await provider.diff("rc-00000000", olds, { ...inputs, server: "other.example.com" })).to.deep.include({ changes: true, replaces: [] });
    expect(await provider.diff("rc-00000000", olds, { ...inputs, password: UNKNOWN })).to.deep.include({ changes: true });
    expect(await provider.diff("rc-00000000", { ...olds, passwordHash: ROTATED_ELSEWHERE }, inputs)).to.deep.include({ changes: true });
  });
});
