// Probot entry point (`probot run ./dist/src/index.js`): checks the secrets, picks the queue,
// registers the handlers.
import { createApp } from "./app.js";
import { RedisWorkQueue } from "./queue/redis.js";
import { assertProductionSecrets } from "./secrets.js";

// Refuses to start in production without a strong webhook secret and a state key source.
assertProductionSecrets(process.env);

// With REDIS_URL the replicas share a durable queue (and `probot run` shares Probot's throttling
// there through ioredis); an unreachable Redis stops the start with an error naming REDIS_URL.
// Without it, the embedded in-process queue.
const redisUrl = process.env.REDIS_URL;
const queue = redisUrl ? await RedisWorkQueue.open(redisUrl) : undefined;

// Runs written in progress and redelivery claims live on the same Redis, so replicas share them.
export default createApp(queue ? { queue, inProgressRuns: queue.inProgressRuns(), redeliveryClaims: queue.redeliveryClaims() } : {}).app;
