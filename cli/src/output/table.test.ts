import { expect } from "chai";
import { createColors } from "picocolors";
import { useColor } from "./colors";
import { renderTable } from "./table";

describe("renderTable", () => {
  it("aligns columns three spaces apart and leaves the last one unpadded, as kubectl does", () => {
    const text = renderTable(["ID", "NAME", "STATUS"], [["cg-1", "web", "running"], ["cg-22", "a-long-name", "pending"]]);
    expect(text).to.equal(["ID      NAME          STATUS", "cg-1    web           running", "cg-22   a-long-name   pending", ""].join("\n"));
  });

  it("measures coloured cells by the text a person sees", () => {
    const colors = createColors(true);
    const text = renderTable(["STATUS", "AGE"], [[colors.green("running"), "5s"], ["failed", "1m"]]);
    expect(text.replace(/\x1b\[[0-9;]*m/g, "")).to.equal(["STATUS    AGE", "running   5s", "failed    1m", ""].join("\n"));
  });
});

describe("useColor", () => {
  it("colours a terminal only, and never when NO_COLOR is set", () => {
    expect(useColor({ isTTY: true }, {})).to.equal(true);
    expect(useColor({ isTTY: false }, {})).to.equal(false);
    expect(useColor({}, {})).to.equal(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: "1" })).to.equal(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: "" })).to.equal(true);
  });
});
