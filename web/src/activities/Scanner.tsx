import type jsQR from "jsqr";
import { useEffect, useRef, useState } from "react";
import { primeAudio } from "./feedback";

type Decode = typeof jsQR;

interface Props {
  /** Called with each QR code's text read from the camera (the caller skips repeats). */
  onCode: (text: string) => void;
  /** A success ("ok") or problem ("bad") flash over the picture. */
  flash?: "ok" | "bad";
}

function cameraProblem(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === "NotAllowedError" || name === "SecurityError") return "没有摄像头权限：请在浏览器设置中允许使用摄像头，或使用下方“输入签到码”。";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "没有找到可用的摄像头，请使用下方“输入签到码”。";
  if (name === "NotReadableError") return "摄像头正被其他应用占用，请关闭后重试。";
  return "无法打开摄像头，请使用下方“输入签到码”。";
}

/** The rear camera with a QR reader (jsQR on canvas frames, a few times a second). */
export function Scanner({ onCode, flash }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const decode = useRef<Decode | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const [state, setState] = useState<"off" | "starting" | "on">("off");
  const [problem, setProblem] = useState<string>();

  const stop = () => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    setState("off");
  };
  useEffect(() => () => stream.current?.getTracks().forEach((track) => track.stop()), []);

  async function start() {
    primeAudio();
    setProblem(undefined);
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem("此页面无法使用摄像头（需通过 HTTPS 打开），请使用下方“输入签到码”。");
      return;
    }
    setState("starting");
    try {
      const [media, reader] = await Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false }),
        import("jsqr"),
      ]);
      stream.current = media;
      // A UMD bundle: the function, or the function under `default`, depending on the interop.
      const found = reader.default as Decode | { default: Decode };
      decode.current = typeof found === "function" ? found : found.default;
      video.current!.srcObject = media;
      await video.current!.play();
      setState("on");
    } catch (error) {
      stop();
      setProblem(cameraProblem(error));
    }
  }

  // Reads a downscaled frame every 200 ms while the camera is on.
  useEffect(() => {
    if (state !== "on") return;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    let frame = 0;
    let last = 0;
    const tick = (time: number) => {
      frame = requestAnimationFrame(tick);
      const source = video.current;
      if (!context || !source || !decode.current || time - last < 200 || source.readyState < source.HAVE_ENOUGH_DATA) return;
      last = time;
      const scale = Math.min(1, 640 / Math.max(source.videoWidth, 1));
      canvas.width = Math.round(source.videoWidth * scale);
      canvas.height = Math.round(source.videoHeight * scale);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = decode.current(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (code?.data) onCodeRef.current(code.data);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [state]);

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
