import type jsQR from "jsqr";
import { useEffect, useRef, useState } from "react";

type Decode = typeof jsQR;
export type CameraState = "off" | "starting" | "on";

/** Why the camera did not open, and what to do instead (`fallback`: "使用下方“输入签到码”", ...). */
function cameraProblem(error: unknown, fallback: string): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === "NotAllowedError" || name === "SecurityError") return `没有摄像头权限：请在浏览器设置中允许使用摄像头，或${fallback}。`;
  if (name === "NotFoundError" || name === "OverconstrainedError") return `没有找到可用的摄像头，请${fallback}。`;
  if (name === "NotReadableError") return "摄像头正被其他应用占用，请关闭后重试。";
  return `无法打开摄像头，请${fallback}。`;
}

/**
 * The rear camera reading QR codes: jsQR (loaded on first use) on a downscaled frame every
 * 200 ms while the camera is on. `onText` gets each code read (the caller skips repeats);
 * `fallback` names the way to go on without a camera, for the problem messages.
 */
export function useQrCamera(onText: (text: string) => void, fallback: string) {
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const decode = useRef<Decode | null>(null);
  const onTextRef = useRef(onText);
  onTextRef.current = onText;
  const [state, setState] = useState<CameraState>("off");
  const [problem, setProblem] = useState<string>();

  const stop = () => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    setState("off");
  };
  useEffect(() => () => stream.current?.getTracks().forEach((track) => track.stop()), []);

  async function start() {
    setProblem(undefined);
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem(`此页面无法使用摄像头（需通过 HTTPS 打开），请${fallback}。`);
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
      setProblem(cameraProblem(error, fallback));
    }
  }

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
      if (code?.data) onTextRef.current(code.data);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [state]);

  return { video, state, problem, start, stop };
}
