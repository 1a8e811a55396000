import { expect } from "chai";
import { type ContainerGroupSpec, ContainerGroupSpecSchema } from "@eci/sdk";
import type { GroupRecord } from "../store/store";
import { claimBasis, profileMismatch } from "./standby-claim";

const spec = (over: Record<string, unknown> = {}, content = "a=1"): ContainerGroupSpec =>
  ContainerGroupSpecSchema.parse({
    name: "web",
    containers: [{ name: "app", image: "local/app:1", env: { MODE: "one" }, volumeMounts: [{ volume: "conf", mountPath: "/etc/app" }] }],
    volumes: [{ name: "conf", configFile: { files: [{ path: "app.conf", content }] } }],
    ...over,
  });

describe("a claim against a standby pool's profile", () => {
  it("fits when only the name, labels, description and config-file content differ, whatever the key order", () => {
    const claim = spec({ name: "other", labels: { team: "a" }, description: "mine" }, "a=2");
    const reordered = JSON.parse(JSON.stringify(spec(), (_k, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    expect(profileMismatch(claim, spec(), "sp-1")).to.equal(undefined);
    expect(profileMismatch(reordered, spec(), "sp-1")).to.equal(undefined);
  });

  it("names the first field that differs otherwise, with the claim's value", () => {
    const claim = spec({ containers: [{ name: "app", image: "local/app:2", env: { MODE: "one" }, volumeMounts: [{ volume: "conf", mountPath: "/etc/app" }] }] });
    expect(profileMismatch(claim, spec(), "sp-1")).to.deep.include({ path: "containers[0].image", rule: "matches_standby_pool_profile", value: "local/app:2" });
    expect(profileMismatch(spec({ containers: [{ name: "app", image: "local/app:1", volumeMounts: [{ volume: "conf", mountPath: "/etc/app" }] }] }), spec(), "sp-1")).to.deep.include({ path: "containers[0].env.MODE", value: undefined });
    expect(profileMismatch(spec({ restartPolicy: "Never" }), spec(), "sp-1")).to.deep.include({ path: "restartPolicy", value: "Never" });
    expect(profileMismatch(spec({ volumes: [], containers: [{ name: "app", image: "local/app:1", env: { MODE: "one" } }] }), spec(), "sp-1")?.path).to.equal("containers[0].volumeMounts");
  });

  it("records the pooled content of each config volume the claim changes, and nothing for the others", () => {
    const pooled = { spec: spec() } as GroupRecord;
    expect(claimBasis(pooled, spec())).to.deep.equal({});
    const basis = claimBasis(pooled, spec({}, "a=2"));
    expect(Object.keys(basis)).to.deep.equal(["conf"]);
    expect(basis.conf.original).to.deep.equal({ files: [{ path: "app.conf", content: "a=1" }] });
  });
});
