/**
 * What the crypto bench loads into Chromium (bundled by esbuild in bench/crypto.ts): the same
 * pure module the ballot page would import, timed in the page under CPU throttling.
 */
import { encryptBallot } from "../packages/core/src/elections/crypto/ballot";
import { pointFrom } from "../packages/core/src/elections/crypto/group";
import type { Choices } from "../packages/core/src/elections/choices";
import type { ElectionConfig } from "../packages/core/src/elections/config";

(globalThis as unknown as { timeEncrypt: unknown }).timeEncrypt = (config: ElectionConfig, electionId: string, keyHex: string, choices: Choices, runs: number): number[] => {
  const key = pointFrom(keyHex);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    encryptBallot(config, electionId, key, choices);
    times.push(performance.now() - started);
  }
  return times;
};
