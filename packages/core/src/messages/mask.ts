/**
 * Addresses as the records keep them: enough to tell two apart, not enough to call.
 * @example maskAddress("13800000001") // "138****0001"
 * @example maskAddress("zhang@example.com") // "z***@example.com"
 */
export function maskAddress(to: string): string {
  if (/^\d{11}$/.test(to)) return `${to.slice(0, 3)}****${to.slice(7)}`;
  const at = to.indexOf("@");
  if (at > 0) return `${to[0]}***${to.slice(at)}`;
  return "***";
}
