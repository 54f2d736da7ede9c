import type { RowError } from "../../api";

/** The rows an import refused: 第N行 / 列 / 问题. */
export function ImportRowErrors({ rows }: { rows: readonly RowError[] }) {
  if (rows.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="row-errors">
        <caption>需要改正的行</caption>
        <thead>
          <tr>
            <th scope="col">行</th>
            <th scope="col">列</th>
            <th scope="col">问题</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((error, index) => (
            <tr key={`${error.row}-${error.column}-${index}`}>
              <td className="row-errors__row">第{error.row}行</td>
              <td>{error.column}</td>
              <td>{error.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
