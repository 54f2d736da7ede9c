/**
 * Expression attribute names for every attribute an expression touches: many plain words
 * (`capacity`, `status`, `year`, ...) are DynamoDB reserved words, so each is written `#name`.
 * @example names("status", "capacity") // { "#status": "status", "#capacity": "capacity" }
 */
export function names(...attributes: string[]): Record<string, string> {
  return Object.fromEntries(attributes.map((attribute) => [`#${attribute}`, attribute]));
}
