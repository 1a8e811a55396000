import { expect } from "chai";
import { validate } from "../validation";
import { ContainerGroupSpecSchema } from "./container-group";

function issuesOf(volumes: unknown[], volumeMounts: unknown[]) {
  const result = validate(ContainerGroupSpecSchema, { name: "g", volumes, containers: [{ name: "app", image: "app:1", volumeMounts }] });
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}

describe("volume rules", () => {
  it("accept config files and a disk mounted at distinct paths", () => {
    const volumes = [{ name: "conf", configFile: { files: [{ path: "a/b.conf", content: "x" }] } }, { name: "data", disk: { diskId: "vol-12345678" } }];
    expect(issuesOf(volumes, [{ volume: "conf", mountPath: "/etc/a", subPath: "a" }, { volume: "data", mountPath: "/data", subPath: "db" }])).to.deep.equal([]);
  });

  it("want exactly one of configFile and disk", () => {
    expect(issuesOf([{ name: "v" }], [])).to.deep.equal(["volumes[0]: a volume is either a configFile or a disk: give exactly one"]);
  });

  it("refuse a file that is also a directory, a path leaving the volume, and a subPath the files lack", () => {
    const volumes = [{ name: "conf", configFile: { files: [{ path: "a", content: "1" }, { path: "a/b", content: "2" }, { path: "x/../../y", content: "3" }] } }];
    expect(issuesOf(volumes, [{ volume: "conf", mountPath: "/c", subPath: "nope" }])).to.deep.equal([
      "volumes[0].configFile.files[2].path: must be a relative path without '.', '..' or empty segments",
      "volumes[0].configFile.files[0].path: a is already used by files[1]",
      'containers[0].volumeMounts[0].subPath: volume "conf" has no file or directory nope',
    ]);
  });

  it("refuse one disk in two volumes and two mounts at one path", () => {
    const disk = { diskId: "vol-12345678" };
    expect(issuesOf([{ name: "a", disk }, { name: "b", disk }], [{ volume: "a", mountPath: "/d" }, { volume: "b", mountPath: "/d" }])).to.deep.equal([
      "volumes[1].disk.diskId: disk vol-12345678 is already volumes[0]",
      "containers[0].volumeMounts[1].mountPath: /d is already mounted by volumeMounts[0]",
    ]);
  });
});
