import { useEffect, useState } from "react";

/** What the console's scanner reads: the election and the member, nothing secret. */
export const checkinQrText = (electionId: string, accountId: string) => `tongxin-election:${electionId}:${accountId}`;

export function parseCheckinQr(text: string, electionId: string): string | undefined {
  const match = /^tongxin-election:([^:]+):(.+)$/.exec(text.trim());
  return match && match[1] === electionId ? match[2] : undefined;
}

/** The member's 签到二维码 for this election, shown at the sign-in desk (qrcode loads only here). */
export function MemberQr({ electionId }: { electionId: string }) {
  const [image, setImage] = useState<{ src: string; name: string }>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    (async () => {
      const response = await fetch("/api/me", { credentials: "same-origin", headers: { accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      const me = (await response.json()) as { account: { accountId: string; name: string } };
      const QRCode = (await import("qrcode")).default;
      const src = await QRCode.toDataURL(checkinQrText(electionId, me.account.accountId), { margin: 1, width: 240 });
      if (live) setImage({ src, name: me.account.name });
    })().catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [electionId]);
  if (failed) return <p className="field__hint">签到二维码无法显示，请向签到处报出姓名。</p>;
  if (!image) return <p className="loading">正在生成签到二维码…</p>;
  return (
    <figure className="member-qr">
      <img src={image.src} width={240} height={240} alt={`${image.name}的签到二维码`} />
      <figcaption>
        {image.name} · 请向签到处出示此二维码
      </figcaption>
    </figure>
  );
}
