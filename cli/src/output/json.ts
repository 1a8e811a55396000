/** What the API answered, as JSON indented for reading; every value survives a parse. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
