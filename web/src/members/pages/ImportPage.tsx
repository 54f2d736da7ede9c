import { useQuery } from "@tanstack/react-query";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useParams } from "react-router-dom";
import { z } from "zod";
import { api, ApiError, type ImportPreview as Preview, type ImportResult } from "../../api";
import { Breadcrumbs, orgTrail } from "../../components/OrgLinks";
import { ErrorMessage, Loading, Success } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { ImportHelp } from "./ImportHelp";
import { ImportPreview } from "./ImportPreview";
import { ImportRowErrors } from "./ImportRowErrors";
import { RosterFileField } from "./RosterFileField";

const MAX_BYTES = 5 * 1024 * 1024;

const ImportSchema = z.object({
  file: z
    .custom<FileList>((value) => value instanceof FileList && value.length > 0, "请选择花名册文件")
    .refine((files) => /\.(xlsx|csv)$/i.test(files[0]?.name ?? ""), "只支持 .xlsx 或 .csv 格式的文件")
    .refine((files) => (files[0]?.size ?? 0) <= MAX_BYTES, "文件不能超过 5 MB"),
});
export type ImportValues = z.infer<typeof ImportSchema>;

/** 导入花名册: upload a CSV/XLSX roll, see what it would do, then confirm; all rows are imported or none. */
export function ImportPage() {
  const { orgId = "" } = useParams();
  const detail = useQuery({ queryKey: keys.orgs.one(orgId), queryFn: ({ signal }) => api.org(orgId, signal) });
  useTitle("导入花名册");
  const [result, setResult] = useState<ImportResult>();
  const [failure, setFailure] = useState<ApiError>();
  const [preview, setPreview] = useState<{ file: File; preview: Preview }>();
  const [importing, setImporting] = useState(false);
  const { register, handleSubmit, setError, formState } = useForm<ImportValues>({ resolver: zodResolver(ImportSchema) });
  const { errors, isSubmitting } = formState;
  const membersHref = `/orgs/${orgId}/members`;

  const showFailure = (error: unknown) => {
    const problem = error instanceof ApiError ? error : new ApiError(0, "client.error", "上传失败，请重试");
    const fileError = problem.errors.file?.[0];
    if (fileError) setError("file", { type: "server", message: fileError });
    // A problem with the file itself is shown at the picker; row problems get the table.
    if (!fileError || problem.rows.length > 0) setFailure(problem);
  };

  const onSubmit = handleSubmit(async ({ file }) => {
    setResult(undefined);
    setFailure(undefined);
    setPreview(undefined);
    try {
      setPreview({ file: file[0]!, preview: await api.previewRoster(orgId, file[0]!) });
    } catch (error) {
      showFailure(error);
    }
  });

  const onConfirm = async () => {
    if (!preview) return;
    setImporting(true);
    try {
      setResult(await api.importRoster(orgId, preview.file));
      setPreview(undefined);
    } catch (error) {
      showFailure(error);
    } finally {
      setImporting(false);
    }
  };

  return (
    <>
      {detail.data ? <Breadcrumbs trail={[...orgTrail(detail.data.ancestors, detail.data.org, true), { label: "成员", to: membersHref }, { label: "导入花名册" }]} /> : null}
      <header className="page-head">
        <h1>导入花名册</h1>
        {detail.data && <p className="page-head__meta muted">{detail.data.org.name}</p>}
      </header>
      {detail.isPending && <Loading />}
      <ErrorMessage error={detail.error} />

      <form onSubmit={onSubmit} noValidate className="form panel" encType="multipart/form-data">
        <RosterFileField registration={register("file")} error={errors.file} />
        <button type="submit" className="button button--primary button--block" disabled={isSubmitting}>
          {isSubmitting ? "正在检查…" : "上传并预览"}
        </button>
      </form>

      {preview && <ImportPreview preview={preview.preview} busy={importing} onConfirm={onConfirm} />}
      {result && (
        <Success>
          <p>
            已导入 {result.total} 人（新增 {result.created}，更新 {result.updated}）
          </p>
          <p>
            <Link to={membersHref}>返回成员名单</Link>
          </p>
        </Success>
      )}
      {failure && (
        <section aria-labelledby="import-failed" className="import-failed">
          <h2 id="import-failed" className="visually-hidden">
            导入失败
          </h2>
          <ErrorMessage error={failure} />
          <ImportRowErrors rows={failure.rows} />
        </section>
      )}

      <ImportHelp />
      <p>
        <Link to={membersHref}>← 返回成员名单</Link>
      </p>
    </>
  );
}
