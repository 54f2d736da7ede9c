import type { ImportPreview as Preview } from "../../api";
import { ImportRowErrors } from "./ImportRowErrors";

/**
 * 导入预览: what the file would do before anything is written — who is added, whose profile is
 * updated (matched by phone), and the rows to fix. Only a clean file can be confirmed.
 */
export function ImportPreview({ preview, busy, onConfirm }: { preview: Preview; busy: boolean; onConfirm(): void }) {
  const rows = [...preview.add.map((row) => ({ ...row, action: "新增" })), ...preview.update.map((row) => ({ ...row, action: "更新资料" }))].sort(
    (a, b) => a.row - b.row,
  );
  if (preview.errors.length > 0) {
    return (
      <section aria-labelledby="import-failed" className="import-failed">
        <h2 id="import-failed" className="visually-hidden">
          导入预览
        </h2>
        <p className="alert" role="alert">
          花名册有{preview.errors.length}处错误，未导入任何人
        </p>
        <ImportRowErrors rows={preview.errors} />
      </section>
    );
  }
  return (
    <section aria-labelledby="import-preview" className="panel">
      <h2 id="import-preview">导入预览</h2>
      <p role="status">
        将新增 {preview.add.length} 人，更新 {preview.update.length} 人的资料（按手机号匹配已有成员）。确认后才会写入。
      </p>
      <div className="table-scroll">
        <table className="row-errors import-preview">
          <caption>文件中的成员</caption>
          <thead>
            <tr>
              <th scope="col">行</th>
              <th scope="col">姓名</th>
              <th scope="col">手机</th>
              <th scope="col">处理</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.row}>
                <td className="row-errors__row">第{row.row}行</td>
                <td>{row.name}</td>
                <td>{row.phone}</td>
                <td>{row.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" className="button button--primary button--block" disabled={busy} onClick={onConfirm}>
        {busy ? "正在导入…" : `确认导入 ${rows.length} 人`}
      </button>
    </section>
  );
}
