/**
 * Characters that make a spreadsheet treat a cell as a formula (or, for tab and CR, let a
 * formula hide after them once the cell is re-split), after OWASP's CSV-injection advice.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The text as an inert cell: a leading `'` when it would otherwise start a formula.
 *
 * @example
 * inertCell('=HYPERLINK("http://evil","点我")') // "'=HYPERLINK(\"http://evil\",\"点我\")"
 * inertCell("张三") // "张三"
 */
export function inertCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Every cell of a table of text through {@link inertCell}. */
export function inertRows(rows: readonly (readonly string[])[]): string[][] {
  return rows.map((row) => row.map(inertCell));
}
