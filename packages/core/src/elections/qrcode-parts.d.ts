// The two parts of `qrcode` the voting cards use (the package's types cover only its main entry).
declare module "qrcode/lib/core/qrcode.js" {
  export interface QrData {
    modules: { size: number; data: Uint8Array };
  }
  export function create(text: string, options?: { errorCorrectionLevel?: "L" | "M" | "Q" | "H" }): QrData;
}
declare module "qrcode/lib/renderer/svg-tag.js" {
  import type { QrData } from "qrcode/lib/core/qrcode.js";
  export function render(data: QrData, options?: { margin?: number; width?: number }): string;
}
