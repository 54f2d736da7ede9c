import { useEffect, useState } from "react";

/** The token in groups of four, easier to read out when the camera cannot scan it. */
export const groupedToken = (token: string) => token.replace(/(.{4})(?=.)/g, "$1 ");

/** An SVG QR code of the text as an image URL; the encoder loads only when needed. */
async function qrImage(text: string): Promise<string> {
  const mod = await import("qrcode");
  const qr = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const svg = await qr.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#1f2328", light: "#ffffff" } });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** My check-in QR code (签到码), shown at the door; the code also as text for manual entry. */
export function CheckinQr({ token }: { token: string }) {
  const [image, setImage] = useState<string>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setImage(undefined);
    qrImage(token).then(
      (url) => live && setImage(url),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [token]);

  return (
    <figure className="qr">
      <div className="qr__frame">
        {image ? <img className="qr__image" src={image} width={220} height={220} alt="我的签到二维码" /> : <span className="qr__placeholder">{failed ? "二维码生成失败" : "正在生成二维码…"}</span>}
      </div>
      <figcaption>
        <strong>到场时出示此二维码，由组织者扫码签到</strong>
        <span className="qr__code-label">无法扫码时，请组织者输入签到码：</span>
        <code className="qr__code" data-token={token}>
          {groupedToken(token)}
        </code>
      </figcaption>
    </figure>
  );
}
