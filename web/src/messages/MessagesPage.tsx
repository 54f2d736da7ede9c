import { useState } from "react";
import { formatDateTime } from "../lib/format";
import { useNavigate } from "react-router-dom";
import { ErrorMessage, Loading } from "../components/Status";
import { useResource } from "../lib/useResource";
import { MESSAGES_CHANGED, messagesApi, type Message } from "./api";


/** 消息: my 站内信, newest first; opening one marks it read and goes to the object. */
export function MessagesPage() {
  const navigate = useNavigate();
  const [round, setRound] = useState(0);
  const messages = useResource((signal) => messagesApi.list(signal), [round]);

  async function open(message: Message) {
    if (!message.readAt) {
      await messagesApi.markRead({ messageIds: [message.messageId] }).catch(() => undefined);
      window.dispatchEvent(new Event(MESSAGES_CHANGED));
    }
    navigate(message.link);
  }

  async function readAll() {
    await messagesApi.markRead({ all: true });
    window.dispatchEvent(new Event(MESSAGES_CHANGED));
    setRound((n) => n + 1);
  }

  return (
    <section>
      <h1>消息</h1>
      {messages.loading && <Loading />}
      <ErrorMessage error={messages.error} />
      {messages.data && (
        <>
          <p>
            {messages.data.unread > 0 ? `${messages.data.unread} 条未读` : "没有未读消息"}
            {messages.data.unread > 0 && (
              <button type="button" className="button button--ghost button--small" onClick={readAll}>
                全部标为已读
              </button>
            )}
          </p>
          {messages.data.items.length === 0 && <p>暂无消息。</p>}
          <ul className="message-list">
            {messages.data.items.map((message) => (
              <li key={message.messageId} className={message.readAt ? "message" : "message message--unread"}>
                <button type="button" className="message__open" onClick={() => void open(message)}>
                  <strong>{message.title}</strong>
                  {!message.readAt && <span className="visually-hidden">（未读）</span>}
                  <span className="message__body">{message.body}</span>
                  <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
