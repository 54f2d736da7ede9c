import { voteLinkQr } from "@tongxin/core/elections/card-qr";
import jsQR from "jsqr";
import { describe, expect, it } from "vitest";

/** Draws the card's SVG path (runs of dark modules: M x y, m dx 0, h n) into pixels, as a printer would. */
function rasterize(svg: string, scale = 4): { pixels: Uint8ClampedArray; side: number } {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
  const path = /stroke="[^"]*"[^>]* d="([^"]+)"/.exec(svg)?.[1] ?? /d="(M[^"]+)"/.exec(svg)![1]!;
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path.matchAll(/([Mmh])([\d.]+)(?: ([\d.]+))?/g)) {
    if (command === "M") [x, y] = [Number(a), Number(b) - 0.5];
    else if (command === "m") x += Number(a);
    else for (let end = x + Number(a); x < end; x += 1) dark.add(`${x},${y}`);
  }
  const side = size * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let py = 0; py < side; py += 1) {
    for (let px = 0; px < side; px += 1) {
      if (!dark.has(`${Math.floor(px / scale)},${Math.floor(py / scale)}`)) continue;
      pixels.fill(0, (py * side + px) * 4, (py * side + px) * 4 + 3);
    }
  }
  return { pixels, side };
}

describe("the QR code on a printed voting card", () => {
  it("is a vector image that a phone's scanner reads back as the vote link with the code", () => {
    const link = "https://tongxin.example/elections/01JD8X/vote#code=ABCD-EFGH-JKLM-NPQR-STUV-WXYZ";
    const url = voteLinkQr(link);
    expect(url).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(url.split(",")[1]!, "base64").toString("utf8");
    const { pixels, side } = rasterize(svg);
    expect(jsQR(pixels, side, side)?.data).toBe(link);
  });
});
