/**
 * The local API server as its own process, for tests that kill it (SIGKILL) mid-burst.
 * Reads the same environment as the tests (DYNAMODB_ENDPOINT, TABLE_NAME, ...); prints
 * `READY <url>` once it listens.
 */
import { startServer } from "../../packages/functions/src/local";

const server = await startServer({ port: Number(process.env.PORT ?? 0), webRoot: "/nonexistent" });
console.log(`READY ${server.url}`);
