import { useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { Link } from "react-router-dom";
import type { Membership } from "../api";
import { keys } from "../lib/queryKeys";
import { findProposalForm } from "./sources";

/** 申报活动: the organizer's main job, one tap to the 活动申报表 of their unit (or the office above it). */
export function ProposeButton({ unit }: { unit: Pick<Membership, "orgId" | "orgPath"> }) {
  const form = useQuery({ queryKey: keys.home.proposalForm(unit.orgId), queryFn: ({ signal }) => findProposalForm(unit.orgId, unit.orgPath ?? [], signal) });
  if (!form.data) return null;
  return (
    <Link className="button button--primary home__propose" to={`/forms/${form.data}/fill`}>
      <Plus aria-hidden size={18} />
      申报活动
    </Link>
  );
}

