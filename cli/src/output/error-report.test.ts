import { expect } from "chai";
import { CommanderError } from "commander";
import { EciError } from "@eci/sdk";
import { CliError, UsageError } from "../errors";
import { errorReport } from "./error-report";

const URL = "http://127.0.0.1:7400/v1/container-groups";

describe("errorReport", () => {
  it("prints the engine's sentence and code, and each broken field of a 422 on its own line", () => {
    const issues = [
      { path: "containers[0].cpu", rule: "max:32", value: 64, message: "Too big: expected number to be <=32" },
      { path: "name", rule: "min:1", value: "", message: "Too small: expected string to have >=1 characters" },
    ];
    const message = `POST ${URL}: HTTP 422 validation_failed: Invalid request: containers[0].cpu: Too big: expected number to be <=32 (got 64); name: Too small: expected string to have >=1 characters (got "")`;
    expect(errorReport(new EciError(message, "validation_failed", "POST", URL, 422, issues))).to.deep.equal({
      lines: ["Invalid request (validation_failed)", "  containers[0].cpu: Too big: expected number to be <=32 (got 64)", '  name: Too small: expected string to have >=1 characters (got "")'],
      exitCode: 1,
    });
  });

  it("says where a refused key came from", () => {
    const err = new EciError(`GET ${URL}: HTTP 401 unauthorized: The access key is not valid`, "unauthorized", "GET", URL, 401);
    expect(errorReport(err, "ECI_ACCESS_KEY").lines).to.deep.equal(["The access key is not valid (unauthorized)", "  The engine refused the access key from ECI_ACCESS_KEY."]);
  });

  it("exits 2 for usage errors with a pointer to help, and 1 for the CLI's own failures", () => {
    expect(errorReport(new UsageError('Unknown kind "pods"', "eci get"))).to.deep.equal({ lines: ['Unknown kind "pods"', "See 'eci get --help'."], exitCode: 2 });
    expect(errorReport(new CliError("web.yaml is not a valid container group spec:", ["name: Too small"]))).to.deep.equal({ lines: ["web.yaml is not a valid container group spec:", "  name: Too small"], exitCode: 1 });
    expect(errorReport(new CommanderError(1, "commander.unknownCommand", "error: unknown command 'gett'")).exitCode).to.equal(2);
    expect(errorReport(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)")).exitCode).to.equal(0);
  });
});
