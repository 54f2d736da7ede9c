import { useEffect, useState } from "react";
import { useLocation } from "react-router-dom";
import { api } from "../api";
import { INBOX_CHANGED } from "./labels";
import type { InboxCount } from "./types";

/**
 * The 待办 badge: counted again on every navigation and whenever a page says a task was
 * handled. A failed count keeps the last one (the badge is a hint, not a page).
 */
export function useInboxCount(): InboxCount | undefined {
  const location = useLocation();
  const [count, setCount] = useState<InboxCount>();
  const [round, setRound] = useState(0);

  useEffect(() => {
    const again = () => setRound((n) => n + 1);
    window.addEventListener(INBOX_CHANGED, again);
    return () => window.removeEventListener(INBOX_CHANGED, again);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    api.inboxCount(controller.signal).then(setCount, () => {});
    return () => controller.abort();
  }, [location.key, round]);

  return count;
}
