import { latestOutbox, onOutbox } from "@tongxin/core/messages/channels/outbox";
import { remindOverdueTasks } from "@tongxin/core/messages/reminders";
import { eraseDuePersonalData, SCHEDULED_LOOK_BACK_DAYS } from "@tongxin/core/privacy/retention";
import { drainStream, startStreamPoller } from "@tongxin/core/messages/stream-poller";

export interface LocalMessagesOptions {
  /** The checkpoint name: `npm start` keeps "local" so a restart resumes where it stopped. */
  consumer: string;
  /** Start at the present end of the stream (tests), not at the last checkpoint. */
  fromNow?: boolean;
  /** Print each SMS and e-mail as it lands in the outbox (`npm start`). */
  print?: boolean;
  /** How often the reminder job runs (the Lambda's schedule in AWS). */
  reminderEveryMs?: number;
}

/** The stream consumer and the reminder job of `npm start`: the AWS functions' work, on timers. */
export async function startLocalMessages(options: LocalMessagesOptions): Promise<{ stop(): Promise<void> }> {
  if (options.fromNow) await drainStream({ consumer: options.consumer, handle: false });
  if (options.print) {
    onOutbox((entry) => console.log(`[本地发件箱] ${entry.channel === "sms" ? "短信" : "邮件"} → ${entry.to}：${entry.body}`));
  }
  const poller = startStreamPoller({ consumer: options.consumer, intervalMs: 300, onError: (error) => console.error("消息处理失败，稍后重试：", error) });
  const reminders = setInterval(() => {
    void remindOverdueTasks().catch((error: unknown) => console.error("提醒任务失败：", error));
    void eraseDuePersonalData(new Date(), SCHEDULED_LOOK_BACK_DAYS).catch((error: unknown) => console.error("个人信息到期删除失败：", error));
  }, options.reminderEveryMs ?? 15 * 60_000);
  return {
    async stop() {
      clearInterval(reminders);
      await poller.stop();
    },
  };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** /dev/outbox: the newest SMS and e-mail the local outbox holds. */
export async function outboxPage(): Promise<string> {
  const rows = (await latestOutbox(100))
    .map((entry) => `<tr><td>${escape(entry.at)}</td><td>${entry.channel === "sms" ? "短信" : "邮件"}</td><td>${escape(entry.to)}</td><td>${escape(entry.smsCode)}</td><td>${escape(entry.body)}</td></tr>`)
    .join("");
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>本地发件箱</title>
<body style="font-family:sans-serif;padding:1em"><h1>本地发件箱</h1><p>仅在本地运行时可见：这些短信和邮件没有真正发出。</p>
<table border="1" cellpadding="6" style="border-collapse:collapse"><thead><tr><th>时间（UTC）</th><th>渠道</th><th>收件人</th><th>模板</th><th>内容</th></tr></thead><tbody>${rows || '<tr><td colspan="5">暂无</td></tr>'}</tbody></table></body></html>`;
}
