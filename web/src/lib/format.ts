/**
 * Times on every page are Beijing time, whatever the phone's own zone: the one formatting
 * module (`@tongxin/core/office/beijing-time`) that the exports use too.
 */
export {
  formatBeijingDate as formatDate,
  formatBeijingDateTime as formatDateTime,
  formatBeijingTime as formatTime,
  formatBeijingWords as formatWords,
} from "@tongxin/core/office/beijing-time";
