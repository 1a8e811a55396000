/** What a table cell shows: the text without the terminal's colour codes, which take no room on screen. */
export function visibleWidth(text: string): number {
  return text.replace(/\x1b\[[0-9;]*m/g, "").length;
}

/** Column widths that fit the headers and every row. */
export function columnWidths(headers: readonly string[], rows: readonly (readonly string[])[]): number[] {
  return headers.map((h, i) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? ""))));
}

/** One line of a table with the given widths: columns three spaces apart, the last one unpadded, as kubectl prints them. */
export function tableLine(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === cells.length - 1 ? cell : cell + " ".repeat(Math.max(0, widths[i] - visibleWidth(cell)))))
    .join("   ")
    .trimEnd();
}

/** An aligned table with a header line, as kubectl prints lists. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = columnWidths(headers, rows);
  return [headers, ...rows].map((cells) => `${tableLine(cells, widths)}\n`).join("");
}
