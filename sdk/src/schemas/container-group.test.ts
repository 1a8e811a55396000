import { expect } from "chai";
import { describeIssues, validate } from "../validation";
import { ContainerGroupSpecSchema, type ContainerGroupSpecInput, defaultPullPolicy } from "./container-group";
import { RegistryCredentialSpecSchema } from "./registry-credential";

const base: ContainerGroupSpecInput = { name: "web", containers: [{ name: "app", image: "local/busybox:1" }] };

function issuesOf(input: unknown) {
  const result = validate(ContainerGroupSpecSchema, input);
  if (result.ok) throw new Error("expected the spec to be refused");
  return result.issues;
}

describe("ContainerGroupSpecSchema", () => {
  it("fills the defaults of a minimal spec", () => {
    const result = validate(ContainerGroupSpecSchema, base);
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.value).to.deep.include({ description: "", hostType: "basic", restartPolicy: "Always", labels: {} });
    expect(result.value.containers[0]).to.deep.include({ type: "work", imagePullPolicy: "IfNotPresent", ports: [], env: {}, maxLogSizeMB: 10 });
  });

  it("refuses a 21st container", () => {
    const containers = Array.from({ length: 21 }, (_, i) => ({ name: `c${i}`, image: "local/busybox:1" }));
    const [issue] = issuesOf({ ...base, containers });
    expect(issue).to.deep.include({ path: "containers", rule: "max:20" });
    expect(issue.message).to.match(/at most 20 containers/);
  });

  it("refuses an 11th label", () => {
    const labels = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"]));
    const [issue] = issuesOf({ ...base, labels });
    expect(issue).to.deep.include({ path: "labels", rule: "max:10" });
  });

  it("refuses a label value longer than 63 characters", () => {
    const [issue] = issuesOf({ ...base, labels: { team: "x".repeat(64) } });
    expect(issue).to.deep.include({ path: "labels.team", rule: "max:63" });
  });

  it("refuses two containers with the same name, naming the second", () => {
    const [issue] = issuesOf({ ...base, containers: [{ name: "a", image: "x:1" }, { name: "a", image: "y:1" }] });
    expect(issue).to.deep.include({ path: "containers[1].name", rule: "unique", value: "a" });
  });

  it("refuses a port/protocol declared twice in a group", () => {
    const containers = [
      { name: "a", image: "x:1", ports: [{ port: 80 }] },
      { name: "b", image: "y:1", ports: [{ port: 80, protocol: "UDP" }, { port: 80, protocol: "TCP" }] },
    ];
    const issues = issuesOf({ ...base, containers });
    expect(issues).to.have.length(1);
    expect(issues[0]).to.deep.include({ path: "containers[1].ports[1]", rule: "unique_port" });
  });

  it("refuses shared memory of half the group's memory or more", () => {
    const containers = [{ name: "a", image: "x:1", cpu: 1, memory: 2 }];
    const [issue] = issuesOf({ ...base, containers, shmSizeMB: 1024 });
    expect(issue).to.deep.include({ path: "shmSizeMB", rule: "below_half_memory", value: 1024 });
    expect(validate(ContainerGroupSpecSchema, { ...base, containers, shmSizeMB: 1023 }).ok).to.equal(true);
  });

  it("refuses a request above the largest size", () => {
    const containers = [
      { name: "a", image: "x:1", cpu: 32, memory: 200 },
      { name: "b", image: "x:1", cpu: 1, memory: 100 },
    ];
    const [issue] = issuesOf({ ...base, containers });
    expect(issue).to.deep.include({ path: "containers", rule: "max_size" });
    expect(issue.message).to.contain("33 vCPU and 300 GiB");
  });

  it("refuses a single container above 32 vCPU", () => {
    const [issue] = issuesOf({ ...base, containers: [{ name: "a", image: "x:1", cpu: 64 }] });
    expect(issue).to.deep.include({ path: "containers[0].cpu", rule: "max:32", value: 64 });
  });

  it("refuses a group of init containers only", () => {
    const [issue] = issuesOf({ ...base, containers: [{ name: "a", image: "x:1", type: "init" }] });
    expect(issue).to.deep.include({ path: "containers", rule: "work_container_required" });
  });

  it("refuses unknown fields, naming them", () => {
    const [issue] = issuesOf({ ...base, containers: [{ name: "a", image: "x:1", comand: ["sh"] }] });
    expect(issue).to.deep.include({ path: "containers[0]", rule: "known_fields" });
    expect(issue.value).to.deep.equal(["comand"]);
  });

  it("refuses an unknown host type, listing the allowed ones", () => {
    const [issue] = issuesOf({ ...base, hostType: "huge" });
    expect(issue.path).to.equal("hostType");
    expect(issue.rule).to.equal("one_of:basic|performance|super-high-performance|enterprise-e1|enterprise-e2");
  });

  it("refuses container names and images that Docker could not use", () => {
    const issues = issuesOf({ ...base, containers: [{ name: "App_1", image: "UPPER/Case" }] });
    expect(issues.map((i) => i.path)).to.deep.equal(["containers[0].name", "containers[0].image"]);
  });

  it("refuses a variable in both env and secureEnv, naming the variable and not its value", () => {
    const issues = issuesOf({ ...base, containers: [{ name: "a", image: "x:1", env: { TOKEN: "plain" }, secureEnv: { TOKEN: "s3cret-value", OTHER: "x" } }] });
    expect(issues).to.have.length(1);
    expect(issues[0]).to.deep.include({ path: "containers[0].secureEnv.TOKEN", rule: "not_in_env", value: "(hidden)" });
    expect(describeIssues(issues)).to.equal('containers[0].secureEnv.TOKEN: variable TOKEN is also in env; a variable is either in env or in secureEnv (got "(hidden)")');
  });

  it("never echoes a secureEnv value or a password in an issue, wherever the issue is", () => {
    const secret = "s3cret-value";
    const shown = (issues: ReturnType<typeof issuesOf>) => JSON.stringify(issues) + describeIssues(issues);
    const malformed = issuesOf({ ...base, containers: [{ name: "a", image: "x:1", secureEnv: { TOKEN: 7, BAD: secret.length } }] });
    expect(malformed.map((i) => `${i.path} ${i.rule} ${String(i.value)}`)).to.deep.equal(["containers[0].secureEnv.TOKEN type:string (hidden)", "containers[0].secureEnv.BAD type:string (hidden)"]);
    // A rule about the whole container list shows the list, with the variables' names and not their values.
    const containers = [{ name: "a", type: "init", image: "x:1", secureEnv: { TOKEN: secret } }];
    const [initOnly] = issuesOf({ ...base, containers });
    expect(initOnly).to.deep.include({ path: "containers", rule: "work_container_required" });
    expect(initOnly.value).to.deep.equal([{ ...containers[0], secureEnv: { TOKEN: "(hidden)" } }]);
    expect(shown([initOnly])).to.not.contain(secret);
    const credential = validate(RegistryCredentialSpecSchema, { server: "registry.example.com", username: "robot", password: secret, extra: 1 });
    expect(credential.ok).to.equal(false);
    if (!credential.ok) expect(shown(credential.issues)).to.not.contain(secret);
    const tooLong = validate(RegistryCredentialSpecSchema, { server: "registry.example.com", username: "robot", password: secret.repeat(1000) });
    expect(tooLong.ok).to.equal(false);
    if (!tooLong.ok) expect(shown(tooLong.issues)).to.not.contain(secret);
  });

  it("takes secureEnv values as given, and an empty secureEnv as none", () => {
    const parsed = (secureEnv: unknown) => {
      const result = validate(ContainerGroupSpecSchema, { ...base, containers: [{ ...base.containers[0], secureEnv }] });
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      return result.value.containers[0];
    };
    expect(parsed({ B: "2", A: "1" }).secureEnv).to.deep.equal({ B: "2", A: "1" });
    expect(parsed({})).to.not.have.property("secureEnv");
    expect(parsed(undefined)).to.not.have.property("secureEnv");
  });
});

describe("defaultPullPolicy", () => {
  it("pulls always for latest or no tag and only when absent otherwise", () => {
    expect(defaultPullPolicy("busybox")).to.equal("Always");
    expect(defaultPullPolicy("busybox:latest")).to.equal("Always");
    expect(defaultPullPolicy("127.0.0.1:5000/team/app")).to.equal("Always");
    expect(defaultPullPolicy("127.0.0.1:5000/team/app:2")).to.equal("IfNotPresent");
    expect(defaultPullPolicy(`app@sha256:${"a".repeat(64)}`)).to.equal("IfNotPresent");
  });
});
