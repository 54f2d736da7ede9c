import { useSyncExternalStore } from "react";

/**
 * 长辈版 on this device: a `data-elder` attribute on <html> that elder.css turns into larger text,
 * larger targets, higher contrast and one column. Kept in localStorage, so the code voter who never
 * signs in keeps it; a signed-in person's account choice (GET /me's `account.elderMode`) wins.
 */
const MODE_KEY = "tongxin.elder";
const OFFERED_KEY = "tongxin.elderOffered";

const listeners = new Set<() => void>();

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage blocked (private mode in some in-app browsers): the mode lasts for the page only
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // as above
  }
}

export function isElderMode(): boolean {
  return document.documentElement.hasAttribute("data-elder");
}

/** Draws the page in 长辈版 or not, and remembers it on this device. */
export function applyElderMode(on: boolean): void {
  write(MODE_KEY, on ? "1" : "0");
  if (on === isElderMode()) return;
  document.documentElement.toggleAttribute("data-elder", on);
  for (const listener of listeners) listener();
}

/** At start-up, before the first render: the device's remembered choice. */
export function restoreElderMode(): void {
  if (read(MODE_KEY) === "1") document.documentElement.setAttribute("data-elder", "");
}

/** Whether the once-only offer (home page, ballot page) was already answered on this device. */
export const elderOffered = (): boolean => read(OFFERED_KEY) === "1" || read(MODE_KEY) !== null;
export const markElderOffered = (): void => write(OFFERED_KEY, "1");

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current mode, re-rendering when it changes. */
export function useElderMode(): boolean {
  return useSyncExternalStore(subscribe, isElderMode, () => false);
}
