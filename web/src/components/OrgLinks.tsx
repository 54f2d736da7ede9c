import { Link } from "react-router-dom";
import type { Org } from "../api";
import { orgKindLabel, roleLabel, type OrgKind, type Role } from "../lib/labels";

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  if (roles.length === 0) return null;
  return (
    <span className="tags" aria-label="角色">
      {roles.map((role) => (
        <span key={role} className="tag">
          {roleLabel(role)}
        </span>
      ))}
    </span>
  );
}

interface OrgCardProps {
  orgId: string;
  name: string;
  kind: OrgKind;
  roles?: readonly Role[];
}

/** One org as a tappable card: name, kind and (if any) the person's roles there. */
export function OrgCard({ orgId, name, kind, roles = [] }: OrgCardProps) {
  return (
    <li>
      <Link className="card card--link" to={`/orgs/${orgId}`}>
        <span className="card__title">{name}</span>
        <span className="card__meta">
          <span className="kind">{orgKindLabel(kind)}</span>
          <RoleTags roles={roles} />
        </span>
      </Link>
    </li>
  );
}

export function OrgList({ orgs, empty }: { orgs: readonly Org[]; empty: string }) {
  if (orgs.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="cards">
      {orgs.map((org) => (
        <OrgCard key={org.orgId} orgId={org.orgId} name={org.name} kind={org.kind} />
      ))}
    </ul>
  );
}

export interface Crumb {
  label: string;
  /** Where the crumb links; the last crumb is the current page and has none. */
  to?: string;
}

/** Where the page sits: 我的组织 › 上级组织 › … › this page. */
export function Breadcrumbs({ trail }: { trail: readonly Crumb[] }) {
  return (
    <nav className="crumbs" aria-label="位置">
      <ol>
        <li>
          <Link to="/">我的组织</Link>
        </li>
        {trail.map((crumb, index) => (
          <li key={`${index}-${crumb.label}`} aria-current={crumb.to ? undefined : "page"}>
            {crumb.to ? <Link to={crumb.to}>{crumb.label}</Link> : crumb.label}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The org's ancestors as crumbs, ending with the org itself (linked when `orgLinked`). */
export function orgTrail(ancestors: ReadonlyArray<{ orgId: string; name: string }>, org: { orgId: string; name: string }, orgLinked = false): Crumb[] {
  return [
    ...ancestors.map((ancestor) => ({ label: ancestor.name, to: `/orgs/${ancestor.orgId}` })),
    { label: org.name, to: orgLinked ? `/orgs/${org.orgId}` : undefined },
  ];
}
