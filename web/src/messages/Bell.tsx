import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { MESSAGES_CHANGED, messagesApi } from "./api";

/** The bell in the header: the unread count, fetched on every navigation, every 30 s and after mark-read. */
export function Bell() {
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  const [round, setRound] = useState(0);

  useEffect(() => {
    const again = () => setRound((n) => n + 1);
    window.addEventListener(MESSAGES_CHANGED, again);
    const timer = window.setInterval(again, 30_000);
    return () => {
      window.removeEventListener(MESSAGES_CHANGED, again);
      window.clearInterval(timer);
    };
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    messagesApi.unread(controller.signal).then((answer) => setUnread(answer.unread), () => {});
    return () => controller.abort();
  }, [location.key, round]);

  return (
    <Link to="/messages" className="bell" aria-label={unread > 0 ? `消息，${unread}条未读` : "消息"} data-testid="bell">
      <span aria-hidden="true">🔔</span>
      {unread > 0 && (
        <span className="badge" data-testid="bell-count">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
