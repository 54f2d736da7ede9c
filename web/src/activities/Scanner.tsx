import { useQrCamera } from "../lib/useQrCamera";
import { primeAudio } from "./feedback";

interface Props {
  /** Called with each QR code's text read from the camera (the caller skips repeats). */
  onCode: (text: string) => void;
  /** A success ("ok") or problem ("bad") flash over the picture. */
  flash?: "ok" | "bad";
}

/** The rear camera with a QR reader, for checking members in. */
export function Scanner({ onCode, flash }: Props) {
  const { video, state, problem, start: open, stop } = useQrCamera(onCode, "使用下方“输入签到码”");
  const start = () => {
    primeAudio();
    void open();
  };

  return (
    <div className="scanner">
      <div className={`scanner__view${flash ? ` scanner__view--${flash}` : ""}${state === "on" ? "" : " scanner__view--off"}`}>
        <video ref={video} playsInline muted aria-label="摄像头画面" />
        {state !== "on" && <span className="scanner__hint">{state === "starting" ? "正在打开摄像头…" : "对准会员手机上的签到二维码"}</span>}
        {state === "on" && <span className="scanner__target" aria-hidden="true" />}
      </div>
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
        <button type="button" className="button button--primary button--block" onClick={start} disabled={state === "starting"}>
          开启摄像头扫码
        </button>
      )}
    </div>
  );
}
