/**
 * What a scan feels like at the door: a short beep (high for success, low for a problem)
 * and a buzz where the phone can. Browsers allow sound only after a tap, so the audio is
 * primed by the tap that starts the camera or sends a code.
 */
let audio: AudioContext | undefined;

export function primeAudio(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    audio = undefined;
  }
}

export function beep(ok: boolean): void {
  try {
    if (!audio) primeAudio();
    if (audio) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = ok ? 1046 : 330;
      gain.gain.setValueAtTime(0.25, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + (ok ? 0.18 : 0.4));
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start();
      oscillator.stop(audio.currentTime + (ok ? 0.18 : 0.4));
    }
  } catch {
    // No sound: the flash and the message still tell.
  }
  navigator.vibrate?.(ok ? 80 : [60, 60, 60]);
}
