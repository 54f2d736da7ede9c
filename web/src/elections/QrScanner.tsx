import { useQrCamera } from "../lib/useQrCamera";

/** The rear camera reading voters' check-in QR codes. */
export function QrScanner({ onText }: { onText: (text: string) => void }) {
  const { video, state, problem, start, stop } = useQrCamera(onText, "在下方名册中勾选签到");

  return (
    <div className="qr-scanner">
      {state === "off" && <p className="field__hint">扫描会员手机投票页上的签到二维码；也可在下方名册中直接勾选。</p>}
      <video ref={video} playsInline muted aria-label="摄像头画面" hidden={state !== "on"} />
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      {state === "on" ? (
        <button type="button" className="button button--block" onClick={stop}>
          关闭摄像头
        </button>
      ) : (
        <button type="button" className="button button--block" onClick={start} disabled={state === "starting"}>
          {state === "starting" ? "正在打开摄像头…" : "扫码签到"}
        </button>
      )}
    </div>
  );
}
