// `npm test` / `npm run bench` step: DynamoDB Local needs Java 17+. Installs it with apt-get when
// root or passwordless sudo allows, else stops with one line instead of a failed global setup.
import { ensureJava } from "./lib/java.mjs";

try {
  ensureJava();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
