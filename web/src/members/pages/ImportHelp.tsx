import { STRATA } from "../../lib/labels";
import { downloadRosterTemplate, ROLE_LABEL_LIST } from "../../lib/rosterTemplate";

/** What the roll file must look like, with a downloadable template. */
export function ImportHelp() {
  return (
    <section aria-labelledby="import-help" className="panel">
      <h2 id="import-help">文件格式</h2>
      <p>
        上传 Excel（.xlsx）或 CSV 文件，第一行为表头，从第二行起每行一人。CSV 可以是 Excel、WPS 默认保存的 GBK 编码，也可以是 UTF-8；旧版 Excel（.xls）请先另存为 .xlsx 或
        CSV。表头可用以下列：
      </p>
      <dl className="columns">
        <dt>姓名</dt>
        <dd>必填</dd>
        <dt>手机</dt>
        <dd>必填，11位手机号；同一手机号已在本组织的，更新其资料</dd>
        <dt>单位</dt>
        <dd>选填</dd>
        <dt>职务</dt>
        <dd>选填</dd>
        <dt>新阶层类别</dt>
        <dd>选填，须为以下之一：{STRATA.join("、")}</dd>
        <dt>邮箱</dt>
        <dd>选填</dd>
        <dt>角色</dt>
        <dd>选填，可填 {ROLE_LABEL_LIST}，多个用逗号分隔；不填即为会员</dd>
      </dl>
      <p className="muted">上传后先显示预览（新增谁、更新谁、哪些行有错），确认后才写入。花名册中任何一行有错时，整份文件都不会导入，请按提示改正后重新上传。</p>
      <button type="button" className="button" onClick={downloadRosterTemplate}>
        下载 CSV 模板
      </button>
    </section>
  );
}
