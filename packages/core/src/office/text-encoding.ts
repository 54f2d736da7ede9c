/**
 * Text files as Chinese offices save them: "CSV (逗号分隔)" from Excel or WPS is GB18030 (GBK),
 * newer tools write UTF-8, often with a BOM. Decoding is strict, so a file is never read with
 * replacement characters in place of names.
 */
export type TextEncodingName = "utf-8" | "gb18030";

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/**
 * Decodes as strict UTF-8 (a BOM is dropped), falling back to strict GB18030; `undefined`
 * when the bytes are neither.
 *
 * @example
 * decodeOfficeText(new Uint8Array([0xd5, 0xc5])) // { text: "张", encoding: "gb18030" }
 */
export function decodeOfficeText(bytes: Uint8Array): DecodedText | undefined {
  for (const encoding of ["utf-8", "gb18030"] as const) {
    try {
      // `ignoreBOM: false` (the default) removes a leading BOM of the decoder's own encoding.
      const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
      return { text: text.replace(/^\uFEFF/, ""), encoding };
    } catch {
      // not this encoding; try the next
    }
  }
  return undefined;
}
