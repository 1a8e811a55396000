/** Text as typed into inputs, turned into the values of a spec. */

/** A number as typed; text that is not one is passed on as text, so the schema says what it expects. Empty: undefined. */
export function numberOr(text: string): number | string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : t;
}

/** One value per line, blank lines skipped; undefined when there is none. */
export function lines(text: string): string[] | undefined {
  const out = text
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l.trim() !== "");
  return out.length ? out : undefined;
}
