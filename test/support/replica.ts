// One app process for the replica tests: `node --import tsx test/support/replica.ts API_URL REDIS_URL PREFIX APP_ID`.
// Prints one JSON line with its webhook URL once listening; SIGKILL is how the tests end it.
import { VerifierPool } from "../../src/engine/pool.js";
import { startGate } from "../../src/fake-github/harness.js";
import { RedisWorkQueue } from "../../src/queue/redis.js";

const [apiUrl, redisUrl, prefix, appId] = process.argv.slice(2);
const queue = await RedisWorkQueue.open(redisUrl!, { prefix: prefix!, lockMs: 2000, concurrency: 4 });
const pool = new VerifierPool({ threads: 1 });
const gate = await startGate(apiUrl!, { secret: "e2e-secret", appId: Number(appId), concurrency: 4, timeoutMs: 20_000, pool, queue });
process.stdout.write(`${JSON.stringify({ webhookUrl: gate.webhookUrl })}\n`);
