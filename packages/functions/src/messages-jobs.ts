import { remindOverdueTasks } from "@tongxin/core/messages/reminders";
import { eraseDuePersonalData, SCHEDULED_LOOK_BACK_DAYS } from "@tongxin/core/privacy/retention";

/**
 * The scheduled jobs (stacks/Messages.ts, every 15 minutes; locally a timer in `npm start`): overdue
 * reminders, and the erasure of personal answers past their form's retention (privacy/retention.ts).
 */
export async function handler(): Promise<{ overdueTasks: number; erased: number }> {
  const overdueTasks = await remindOverdueTasks();
  const { erased } = await eraseDuePersonalData(new Date(), SCHEDULED_LOOK_BACK_DAYS);
  return { overdueTasks, erased };
}
