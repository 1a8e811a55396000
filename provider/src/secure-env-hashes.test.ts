import { expect } from "chai";
import type { ContainerGroup } from "@eci/sdk";
import { checkContainerGroup } from "./container-group-inputs";
import { outputsOf } from "./container-group-provider";
import { diffContainerGroup } from "./diff";
import { reportedHashes, secureEnvHashes } from "./secure-env-hashes";
import { UNKNOWN } from "./unknowns";

type Props = Record<string, unknown>;

const SECRET = "db-pa55word-value";
const declared = (secureEnv?: Record<string, string>) =>
  checkContainerGroup({}, { name: "web", containers: [{ name: "app", image: "nginx:1.27", env: { MODE: "prod" }, ...(secureEnv ? { secureEnv } : {}) }, { name: "side", image: "busybox:1" }] }).inputs;

/** The group as the engine answers: each container's spec with its secureEnv by name only, and its state. */
function engineGroup(inputs: Props): ContainerGroup {
  const containers = (inputs.containers as Props[]).map(({ secureEnv, ...c }) => ({
    ...c,
    secureEnvNames: Object.keys((secureEnv as Props | undefined) ?? {}).sort(),
    state: "running",
    reason: null,
    message: null,
    exitCode: null,
    restartCount: 0,
    ready: true,
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: null,
  }));
  return { ...inputs, id: "cg-aaaaaaaa", containers, status: "running", statusReason: null, healthStatus: "healthy", privateIp: "172.17.0.2", cpu: 2, memory: 4, ports: [], hourlyPrice: 0, version: 1, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" } as unknown as ContainerGroup;
}

/** Outputs as create returns them for these inputs. */
const created = (inputs: Props) => outputsOf(inputs, engineGroup(inputs), secureEnvHashes(inputs));
const NO_CHANGE = { changes: false, replaces: [], deleteBeforeReplace: false };
const ONLINE = { changes: true, replaces: [], deleteBeforeReplace: false };

describe("secureEnv in the ContainerGroup provider", () => {
  const inputs = declared({ DB_PASSWORD: SECRET, API_TOKEN: "t0ken-value" });
  const outs = created(inputs);

  it("keeps the values out of the outputs, with a salted hash of each and the containers naming them", () => {
    const text = JSON.stringify(outs);
    expect(text).to.not.contain(SECRET).and.not.contain("t0ken-value");
    expect(Object.keys((outs.secureEnvHashes as Record<string, Props>).app).sort()).to.deep.equal(["API_TOKEN", "DB_PASSWORD"]);
    expect((outs.containers as Props[])[0].secureEnvNames).to.deep.equal(["API_TOKEN", "DB_PASSWORD"]);
    expect(outs.secureEnvHashes).to.not.have.property("side");
  });

  it("sees the same values as no change, and a changed, added or removed value as an online update, never a replacement", () => {
    expect(diffContainerGroup(outs, declared({ API_TOKEN: "t0ken-value", DB_PASSWORD: SECRET }))).to.deep.equal(NO_CHANGE);
    expect(diffContainerGroup(outs, declared({ DB_PASSWORD: SECRET, API_TOKEN: "rotated" }))).to.deep.equal(ONLINE);
    expect(diffContainerGroup(outs, declared({ DB_PASSWORD: SECRET }))).to.deep.equal(ONLINE);
    expect(diffContainerGroup(outs, declared({ DB_PASSWORD: SECRET, API_TOKEN: "t0ken-value", NEW: "x" }))).to.deep.equal(ONLINE);
    expect(diffContainerGroup(outs, declared())).to.deep.equal(ONLINE);
  });

  it("counts a value not known yet (a preview) as an online update", () => {
    expect(diffContainerGroup(outs, declared({ DB_PASSWORD: UNKNOWN, API_TOKEN: "t0ken-value" }))).to.deep.equal(ONLINE);
  });

  it("takes an empty secureEnv as none", () => {
    const none = declared();
    expect(diffContainerGroup(created(none), declared({}))).to.deep.equal(NO_CHANGE);
  });

  it("keeps the hash of an unchanged value across an update, and hashes a new one afresh", () => {
    const before = outs.secureEnvHashes as Record<string, Record<string, string>>;
    const after = secureEnvHashes(declared({ DB_PASSWORD: SECRET, API_TOKEN: "rotated" }), before);
    expect(after.app.DB_PASSWORD).to.equal(before.app.DB_PASSWORD);
    expect(after.app.API_TOKEN).to.not.equal(before.app.API_TOKEN);
  });

  it("keeps, on a refresh, the hashes of the variables the engine still reports", () => {
    const before = outs.secureEnvHashes as Record<string, Record<string, string>>;
    expect(reportedHashes(before, [{ name: "app", secureEnvNames: ["DB_PASSWORD"] }, { name: "side", secureEnvNames: [] }])).to.deep.equal({ app: { DB_PASSWORD: before.app.DB_PASSWORD } });
  });
});
