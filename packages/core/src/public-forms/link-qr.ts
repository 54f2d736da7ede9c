import { create } from "qrcode/lib/core/qrcode.js";
import { render } from "qrcode/lib/renderer/svg-tag.js";

/** The QR code of a public form's link, as an SVG data URL (qrcode's core and SVG renderer only, as the voting cards). */
export function publicLinkQr(link: string): string {
  const svg = render(create(link, { errorCorrectionLevel: "M" }), { margin: 1, width: 240 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
