import { useState } from "react";
import { api } from "../api";
import { applyElderMode, elderOffered as elderOfferAnswered, markElderOffered, useElderMode } from "./elderMode";

/** Turns 长辈版 on or off here, and for a signed-in person on the account too (every device they use). */
async function choose(on: boolean, signedIn: boolean): Promise<void> {
  applyElderMode(on);
  markElderOffered();
  if (signedIn) await api.setDisplay({ elderMode: on });
}

/** The switch in 我的账户. */
export function ElderSwitch() {
  const on = useElderMode();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function toggle(next: boolean) {
    setBusy(true);
    setProblem(undefined);
    try {
      await choose(next, true);
    } catch {
      setProblem("已在本机切换，但未能保存到账户，请稍后重试");
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="account-section" aria-labelledby="elder-mode">
      <h2 id="elder-mode">长辈版</h2>
      <p className="muted">字更大、按钮更大、对比更强，内容排成一列。在您登录的每台设备上都生效。</p>
      <label className="check elder-switch">
        <input type="checkbox" role="switch" checked={on} disabled={busy} onChange={(event) => void toggle(event.target.checked)} />
        使用长辈版
      </label>
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

/** Offered once per device (home page, ballot page): 开启长辈版 or 不用了; either answer hides it for good. */
export function ElderOffer({ signedIn }: { signedIn: boolean }) {
  const on = useElderMode();
  const [answered, setAnswered] = useState(() => elderOfferAnswered());
  if (on || answered) return null;

  function answer(accept: boolean) {
    setAnswered(true);
    if (accept) void choose(true, signedIn).catch(() => undefined);
    else markElderOffered();
  }

  return (
    <aside className="elder-offer" aria-labelledby="elder-offer-title">
      <p id="elder-offer-title" className="elder-offer__text">
        <strong>字太小？</strong>试试长辈版：字更大、按钮更大、看得更清楚。{signedIn ? "以后可在“我的账户”里切换。" : ""}
      </p>
      <div className="elder-offer__actions">
        <button type="button" className="button button--primary" onClick={() => answer(true)}>
          开启长辈版
        </button>
        <button type="button" className="button" onClick={() => answer(false)}>
          不用了
        </button>
      </div>
    </aside>
  );
}
