import { expect } from "chai";
import { type FailedAttempt, retryDelayMs } from "./retry-policy";

const POLICY = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000 };
const lowest = () => 0;
const highest = () => 1;

describe("retryDelayMs", () => {
  const rows: Array<[string, FailedAttempt, "retried" | "not retried"]> = [
    ["a 429 on a POST (refused before anything happened)", { method: "POST", status: 429, retryAfterSeconds: 1 }, "retried"],
    ["a 429 without Retry-After", { method: "GET", status: 429 }, "retried"],
    ["a refused connection on a POST (nothing was sent)", { method: "POST", status: 0, networkCode: "ECONNREFUSED" }, "retried"],
    ["a reset on a GET", { method: "GET", status: 0, networkCode: "ECONNRESET" }, "retried"],
    ["a reset on a PUT", { method: "put", status: 0, networkCode: "ECONNRESET" }, "retried"],
    ["a reset on a DELETE", { method: "DELETE", status: 0, networkCode: "EPIPE" }, "retried"],
    ["a reset on a HEAD", { method: "HEAD", status: 0, networkCode: "ECONNRESET" }, "retried"],
    ["a reset on a POST (it may have been done)", { method: "POST", status: 0, networkCode: "ECONNRESET" }, "not retried"],
    ["a timeout on a GET", { method: "GET", status: 0, networkCode: "ECONNABORTED" }, "not retried"],
    ["an untrusted certificate", { method: "GET", status: 0, networkCode: "DEPTH_ZERO_SELF_SIGNED_CERT" }, "not retried"],
    ["a network failure without a code", { method: "GET", status: 0 }, "not retried"],
    ["a 503", { method: "GET", status: 503 }, "not retried"],
    ["a 409", { method: "PUT", status: 409 }, "not retried"],
  ];
  for (const [what, failure, expected] of rows) {
    it(`${expected === "retried" ? "retries" : "does not retry"} ${what}`, () => {
      expect(retryDelayMs(failure, 0, POLICY) === undefined ? "not retried" : "retried").to.equal(expected);
    });
  }

  it("doubles the back-off with each retry, half of it random, up to the maximum", () => {
    const reset: FailedAttempt = { method: "GET", status: 0, networkCode: "ECONNRESET" };
    const policy = { maxRetries: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4].map((n) => retryDelayMs(reset, n, policy, lowest))).to.deep.equal([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 4].map((n) => retryDelayMs(reset, n, policy, highest))).to.deep.equal([100, 200, 400, 800, 1_000]);
  });

  it("waits the Retry-After the engine asked for, plus the back-off", () => {
    const limited: FailedAttempt = { method: "POST", status: 429, retryAfterSeconds: 1 };
    expect(retryDelayMs(limited, 0, POLICY, lowest)).to.equal(1_050);
    expect(retryDelayMs(limited, 1, POLICY, highest)).to.equal(1_200);
  });

  it("gives up when Retry-After is longer than it is willing to wait", () => {
    expect(retryDelayMs({ method: "GET", status: 429, retryAfterSeconds: 2 }, 0, POLICY)).to.equal(undefined);
  });

  it("gives up after maxRetries", () => {
    const limited: FailedAttempt = { method: "GET", status: 429, retryAfterSeconds: 1 };
    expect([2, 3].map((n) => retryDelayMs(limited, n, POLICY) !== undefined)).to.deep.equal([true, false]);
    expect(retryDelayMs(limited, 0, { ...POLICY, maxRetries: 0 })).to.equal(undefined);
  });
});
