import { expect } from "chai";
import { checkContainerGroup } from "./container-group-inputs";
import { UNKNOWN } from "./unknowns";

const news = { __provider: "serialized", __autonamePrefix: "web", containers: [{ name: "app", image: "nginx:1.27", env: { B: "2", A: "1" } }] };

describe("checkContainerGroup", () => {
  it("returns canonical inputs: defaults filled, map keys sorted, a generated name", () => {
    const { inputs, failures } = checkContainerGroup({}, news);
    expect(failures).to.deep.equal([]);
    expect(inputs).to.deep.include({ description: "", hostType: "basic", restartPolicy: "Always", labels: {}, waitFor: "healthy", __autonamePrefix: "web" });
    expect(inputs.timeouts).to.deep.equal({ create: "10m", update: "10m", delete: "10m" });
    expect(inputs.name).to.match(/^web-[0-9a-f]{7}$/);
    const [container] = inputs.containers as Array<Record<string, unknown>>;
    expect(Object.keys(container.env as object)).to.deep.equal(["A", "B"]);
    expect(container).to.deep.include({ type: "work", imagePullPolicy: "IfNotPresent", maxLogSizeMB: 10, ports: [] });
    expect(inputs).to.not.have.property("__provider");
  });

  it("keeps the generated name on later checks", () => {
    const first = checkContainerGroup({}, news).inputs;
    expect(checkContainerGroup(first, news).inputs.name).to.equal(first.name);
  });

  it("reports every broken rule with its property path", () => {
    const { failures } = checkContainerGroup({}, {
      ...news,
      waitFor: "forever",
      containers: [{ name: "a", image: "x:1", cpu: 64 }, { name: "a", image: "x:1" }],
    });
    expect(failures).to.deep.include({ property: "containers[0].cpu", reason: "Too big: expected number to be <=32" });
    expect(failures.map((f) => f.property)).to.include("waitFor");
  });

  it("reports a duplicate name across containers and a bad duration", () => {
    const { failures } = checkContainerGroup({}, { ...news, timeouts: { create: "soon" }, containers: [{ name: "a", image: "x:1" }, { name: "a", image: "x:1" }] });
    expect(failures).to.deep.equal([
      { property: "containers[1].name", reason: 'container name "a" is already used by containers[0]' },
      { property: "timeouts.create", reason: "must be a duration such as 90s, 10m or 1h" },
    ]);
  });

  it("lets unknown values through during a preview and checks the known ones", () => {
    const unknownImage = checkContainerGroup({}, { ...news, containers: [{ name: "app", image: UNKNOWN }] });
    expect(unknownImage.failures).to.deep.equal([]);
    expect((unknownImage.inputs.containers as Array<{ image: string }>)[0].image).to.equal(UNKNOWN);
    const knownBad = checkContainerGroup({}, { ...news, hostType: "huge", containers: [{ name: "app", image: UNKNOWN }] });
    expect(knownBad.failures.map((f) => f.property)).to.deep.equal(["hostType"]);
  });
});
