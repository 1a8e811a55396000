import { expect } from "chai";
import { type ContainerSpec, ContainerGroupSpecSchema } from "@eci/sdk";
import type { GroupRecord } from "../store/store";
import { memberSpecFor } from "./member-spec";

/** A stand-in for the secret box: sealed text that is plainly not the value, opened back. */
const secrets = { open: (sealed: string) => Buffer.from(sealed.replace(/^sealed:/, ""), "base64").toString("utf8") };
const seal = (plain: string) => `sealed:${Buffer.from(plain).toString("base64")}`;

function groupWith(container: Record<string, unknown>): { group: GroupRecord; spec: ContainerSpec } {
  const spec = ContainerGroupSpecSchema.parse({ name: "g", containers: [{ name: "app", image: "local/app:1", ...container }] });
  const group = { id: "cg-aaaaaaaa", spec } as unknown as GroupRecord;
  return { group, spec: spec.containers[0] };
}

describe("memberSpecFor", () => {
  it("gives the container its env and its secureEnv values opened", () => {
    const { group, spec } = groupWith({ env: { MODE: "prod" }, secureEnv: { DB_PASSWORD: seal("hunter2") } });
    const member = memberSpecFor(group, "sandbox-1", spec, "sha256:abc", "hash-1", [], secrets);
    expect(member.env).to.deep.equal({ MODE: "prod", DB_PASSWORD: "hunter2" });
    expect(member.specHash).to.equal("hash-1");
  });

  it("gives a container without secureEnv its env alone, opening nothing", () => {
    const { group, spec } = groupWith({ env: { MODE: "prod" } });
    const refuse = { open: (): string => expect.fail("nothing to open") };
    expect(memberSpecFor(group, "sandbox-1", spec, "sha256:abc", "hash-1", [], refuse).env).to.deep.equal({ MODE: "prod" });
  });
});
