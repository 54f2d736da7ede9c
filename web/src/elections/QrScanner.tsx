import type jsQR from "jsqr";
import { useEffect, useRef, useState } from "react";

type Decode = typeof jsQR;

function cameraProblem(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === "NotAllowedError" || name === "SecurityError") return "没有摄像头权限：请在浏览器设置中允许使用摄像头，或在下方名册中勾选签到。";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "没有找到可用的摄像头，请在下方名册中勾选签到。";
  return "无法打开摄像头，请在下方名册中勾选签到。";
}

/** The rear camera reading QR codes (jsQR, loaded on first use) a few times a second. */
export function QrScanner({ onText }: { onText: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const decode = useRef<Decode | null>(null);
  const onTextRef = useRef(onText);
  onTextRef.current = onText;
  const [state, setState] = useState<"off" | "starting" | "on">("off");
  const [problem, setProblem] = useState<string>();

  const stop = () => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    setState("off");
  };
  useEffect(() => () => stream.current?.getTracks().forEach((track) => track.stop()), []);

  async function start() {
    setProblem(undefined);
    if (!navigator.mediaDevices?.getUserMedia) return setProblem("此页面无法使用摄像头（需通过 HTTPS 打开），请在下方名册中勾选签到。");
    setState("starting");
    try {
      const [media, reader] = await Promise.all([navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false }), import("jsqr")]);
      stream.current = media;
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

  useEffect(() => {
    if (state !== "on") return;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    const timer = window.setInterval(() => {
      const source = video.current;
      if (!context || !source || !decode.current || source.readyState < source.HAVE_ENOUGH_DATA) return;
      const scale = Math.min(1, 640 / Math.max(source.videoWidth, 1));
      canvas.width = Math.round(source.videoWidth * scale);
      canvas.height = Math.round(source.videoHeight * scale);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = decode.current(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (code?.data) onTextRef.current(code.data);
    }, 250);
    return () => window.clearInterval(timer);
  }, [state]);

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
