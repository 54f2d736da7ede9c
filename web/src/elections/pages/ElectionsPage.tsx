import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { api } from "../../api";
import { Breadcrumbs, orgTrail } from "../../components/OrgLinks";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { isAdmin } from "../../lib/labels";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { electionsApi } from "../api";
import { ElectionEditor } from "../ElectionEditor";
import "../elections.css";
import "../vote.css";

/** 换届选举 (/orgs/:orgId/elections): the org's elections, newest first, and 新建选举 for admins. */
export default function ElectionsPage() {
  const { orgId = "" } = useParams();
  const client = useQueryClient();
  const loaded = useQuery({
    queryKey: [...keys.elections.ofOrg(orgId), "page"],
    queryFn: async ({ signal }) => {
      const [detail, list] = await Promise.all([api.org(orgId, signal), electionsApi.list(orgId, signal)]);
      return { detail, items: list.items };
    },
  });
  useTitle(loaded.data ? `换届选举 · ${loaded.data.detail.org.name}` : "换届选举");
  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { detail, items } = loaded.data;

  return (
    <>
      <Breadcrumbs trail={[...orgTrail(detail.ancestors, detail.org, true), { label: "换届选举" }]} />
      <header className="page-head">
        <h1>换届选举</h1>
      </header>
      {items.length === 0 ? (
        <p className="muted">暂无选举。</p>
      ) : (
        <ul className="cards">
          {items.map((election) => (
            <li key={election.electionId}>
              <Link className="card card--link" to={`/elections/${election.electionId}`}>
                <span className="card__title">{election.title}</span>
                <span className="card__meta">
                  <span className={`pill pill--${election.status}`}>{election.statusLabel}</span>
                  <span className="muted">{formatDateTime(election.createdAt)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {isAdmin(detail.myRoles) && (
        <details className="panel disclosure" open={items.length === 0}>
          <summary>新建选举</summary>
          <ElectionEditor orgId={orgId} onCreated={() => void client.invalidateQueries({ queryKey: keys.elections.ofOrg(orgId) })} />
        </details>
      )}
    </>
  );
}
