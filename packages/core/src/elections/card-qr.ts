import { create } from "qrcode/lib/core/qrcode.js";
import { render } from "qrcode/lib/renderer/svg-tag.js";

/**
 * The QR code printed on a voting card, as an SVG data URL: vector, so it stays sharp at any
 * print size, and built from qrcode's core and SVG renderer only (its PNG renderer would bring
 * a PNG encoder into the API function for nothing).
 */
export function voteLinkQr(link: string): string {
  const svg = render(create(link, { errorCorrectionLevel: "M" }), { margin: 1, width: 220 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
