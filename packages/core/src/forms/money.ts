/**
 * Money answers are stored as integer 分 so sums are exact; people read and type 元.
 */

/**
 * 分 → 元 with two decimals, no grouping.
 * @example fenToYuan(123450) // "1234.50"
 * @example fenToYuan(-5) // "-0.05"
 */
export function fenToYuan(fen: number): string {
  const whole = Math.round(fen);
  const abs = Math.abs(whole);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, "0");
  return `${whole < 0 ? "-" : ""}${yuan}.${cents}`;
}

/**
 * 元 as typed → 分, or undefined when it is not an amount (empty, letters, more than two
 * decimals, beyond safe integers). Accepts a leading ¥/￥, spaces and thousands commas.
 * @example yuanToFen("1,234.5") // 123450
 * @example yuanToFen("12.345") // undefined
 */
export function yuanToFen(yuan: string): number | undefined {
  const cleaned = yuan.trim().replace(/^[¥￥]\s*/, "").replace(/\s+/g, "");
  const match = /^(-?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match || (match[2] === undefined && match[3] === undefined)) return undefined;
  const whole = (match[2] ?? "0").replace(/,/g, "");
  const fen = Number(whole) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(fen)) return undefined;
  return match[1] ? -fen || 0 : fen;
}
