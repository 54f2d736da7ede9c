import { remindOverdueTasks } from "@tongxin/core/messages/reminders";

/** The scheduled reminder job (stacks/Messages.ts, every 15 minutes; locally a timer in `npm start`). */
export async function handler(): Promise<{ overdueTasks: number }> {
  return { overdueTasks: await remindOverdueTasks() };
}
