import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

/**
 * zxcvbn-ts's estimate of how hard a password is to guess (0–4), with the person's own name,
 * phone and e-mail counted as known words. Loaded only by the password forms (the common-password
 * dictionary is ~380 KB), never by the API: the server applies its lighter rule
 * (@tongxin/core/auth/password-strength).
 */
const factory = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, useLevenshteinDistance: true });

export function passwordScore(password: string, userInputs: string[]): 0 | 1 | 2 | 3 | 4 {
  return factory.check(password, userInputs.filter(Boolean)).score;
}
