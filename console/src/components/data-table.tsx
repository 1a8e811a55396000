import type { ReactNode } from "react";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** `num` aligns right; `key` stays prominent when a narrow screen turns rows into cards. */
  className?: string;
}

/**
 * A table of resources. On a narrow screen each row becomes a card whose cells carry their column's
 * name (`data-label`), so nothing is cut off at 390 px.
 */
export function DataTable<T>(props: { caption: string; rows: readonly T[] | undefined; columns: Column<T>[]; rowKey: (row: T) => string; empty: ReactNode }) {
  const { rows, columns } = props;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.className}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows === undefined ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                Loading…
              </td>
            </tr>
          ) : rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="table-empty">
                {props.empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={props.rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.header} data-label={c.header} className={c.className}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
