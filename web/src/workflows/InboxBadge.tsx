import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useLocation } from "react-router-dom";
import { api } from "../api";
import { keys } from "../lib/queryKeys";

/**
 * The 待办 badge: counted again on every navigation and whenever an approval action invalidates
 * `keys.inbox`. A failed count keeps the last one (the badge is a hint, not a page).
 */
export default function InboxBadge() {
  const location = useLocation();
  const client = useQueryClient();
  const { data: count } = useQuery({ queryKey: keys.inbox.count, queryFn: ({ signal }) => api.inboxCount(signal) });
  useEffect(() => {
    void client.invalidateQueries({ queryKey: keys.inbox.count });
  }, [client, location.key]);
  const open = count?.open ?? 0;
  if (open === 0) return null;
  return (
    <span className={count?.overdue ? "badge badge--overdue" : "badge"}>
      {open > 99 ? "99+" : open}
      <span className="visually-hidden">项{count?.overdue ? `，其中${count.overdue}项已逾期` : ""}</span>
    </span>
  );
}
