import { expect } from "chai";
import { checkContainerGroup } from "./container-group-inputs";
import { UNKNOWN } from "./unknowns";

const job = { __autonamePrefix: "report", waitFor: "succeeded", containers: [{ name: "report", image: "busybox:1" }] };

describe("checkContainerGroup with waitFor succeeded", () => {
  it("accepts it for a group that runs to completion", () => {
    for (const restartPolicy of ["Never", "OnFailure"]) expect(checkContainerGroup({}, { ...job, restartPolicy }).failures, restartPolicy).to.deep.equal([]);
  });

  it("refuses it for a group that always restarts, naming the field", () => {
    const reason = "`succeeded` waits for a batch job to finish, and a group with restartPolicy Always never finishes: set restartPolicy to Never or OnFailure, or wait for `healthy`";
    expect(checkContainerGroup({}, job).failures).to.deep.equal([{ property: "waitFor", reason }]);
    expect(checkContainerGroup({}, { ...job, restartPolicy: "Always" }).failures).to.deep.equal([{ property: "waitFor", reason }]);
  });

  it("lets a restart policy not known yet through a preview", () => {
    expect(checkContainerGroup({}, { ...job, restartPolicy: UNKNOWN }).failures).to.deep.equal([]);
  });
});
