import { expect } from "chai";
import { shellCommand } from "./shell-command";

describe("shellCommand", () => {
  it("runs an interactive sh when no command is given", () => {
    expect(shellCommand([])).to.equal(undefined);
  });

  it("takes one word as a shell command line", () => {
    expect(shellCommand(["echo $HOME; exit 3"])).to.equal("echo $HOME; exit 3");
  });

  it("keeps each of several words one argument, as kubectl exec passes them", () => {
    expect(shellCommand(["ls", "-l", "my file", "it's", "$HOME"])).to.equal(`ls -l 'my file' 'it'\\''s' '$HOME'`);
    expect(shellCommand(["sh", "-c", "exit 3"])).to.equal("sh -c 'exit 3'");
  });
});
