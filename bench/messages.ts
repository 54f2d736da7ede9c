import { listMessages } from "@tongxin/core/messages/inbox";
import { drainStream, startStreamPoller } from "@tongxin/core/messages/stream-poller";
import { record, percentile, section } from "./harness";
import { request, signInToken } from "./requests";

const proposal = (title: string) => ({ title, theme: "sishi", startsAt: "2026-12-20T14:00", endsAt: "2026-12-20T16:00", venue: "活动室", capacity: 30, needsFunds: "no", description: "基准测试" });

/**
 * Messages on DynamoDB Local: how long after a proposal is submitted the reviewer's 站内信
 * exists (the local poller reading the real stream), and how many records per second one
 * consumer handles when it catches up on a backlog.
 */
export async function benchMessages(orgs: Record<string, string>, options: { samples: number; backlog: number }): Promise<void> {
  section("Messages: stream → 站内信 on DynamoDB Local");
  const organizer = await signInToken("13800000003");
  const reviewerId = (await request("GET", "/me", await signInToken("13800000002"))).json.account.accountId as string;
  const formId = orgs.activityForm!;

  const latencyConsumer = `bench-latency-${Date.now()}`;
  await drainStream({ consumer: latencyConsumer, handle: false });
  const poller = startStreamPoller({ consumer: latencyConsumer, intervalMs: 50 });
  const latencies: number[] = [];
  try {
    for (let i = 0; i < options.samples; i += 1) {
      const submitted = await request("POST", `/forms/${formId}/submissions`, organizer, { data: proposal(`延迟测试${i}`) });
      const link = `/instances/${String(submitted.json.instanceId)}`;
      const started = performance.now();
      for (;;) {
        const page = await listMessages(reviewerId, { limit: 5 });
        if (page.items.some((message) => message.link === link)) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      latencies.push(performance.now() - started);
    }
  } finally {
    await poller.stop();
  }
  latencies.sort((a, b) => a - b);
  record({ name: "submission → reviewer's 站内信, median", value: percentile(latencies, 50), unit: "ms", note: `${options.samples} proposals, poller every 50 ms` });
  record({ name: "submission → reviewer's 站内信, p95", value: percentile(latencies, 95), unit: "ms" });

  const backlogConsumer = `bench-backlog-${Date.now()}`;
  await drainStream({ consumer: backlogConsumer, handle: false });
  for (let i = 0; i < options.backlog; i += 1) await request("POST", `/forms/${formId}/submissions`, organizer, { data: proposal(`积压测试${i}`) });
  const started = performance.now();
  const { records } = await drainStream({ consumer: backlogConsumer });
  const seconds = (performance.now() - started) / 1000;
  record({ name: "consumer catching up: stream records per second", value: records / seconds, unit: "records/s", note: `${records} records (${options.backlog} proposals → ${options.backlog} 站内信)` });
  record({ name: "consumer catching up: 站内信 per second", value: options.backlog / seconds, unit: "msgs/s" });
}
