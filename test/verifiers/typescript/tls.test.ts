import { ruleTester } from "../../support/rule-tester.js";

ruleTester("typescript/tls", {
  invalid: [
    {
      name: "gate: a client configured with verify_ssl: false (no other TLS word in the file)",
      path: "src/integrations/pve.ts",
      code: `import { createClient } from "./pve-client";

export const pve = createClient({
  host: process.env.PVE_HOST,
  tokenId: process.env.PVE_TOKEN_ID,
  verify_ssl: false,
});
`,
      errors: [{ messageId: "verifyOff", line: 6 }],
    },
    {
      name: "attack: a unicode escape in the option's name (rejectUn\\u0061uthorized)",
      path: "src/client.ts",
      code: `import https from "node:https";
export const agent = new https.Agent({ rejectUn\\u0061uthorized: false });
`,
      errors: [{ messageId: "verifyOff", line: 2 }],
    },
    {
      name: "database module: pg pool with ssl.rejectUnauthorized false",
      path: "src/db/pool.ts",
      code: `import { Pool } from "pg";

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  ssl: { rejectUnauthorized: false },
});
`,
      errors: [{ messageId: "verifyOff", line: 5 }],
      messageIncludes: ["`rejectUnauthorized: false` turns off certificate verification for this connection"],
    },
    {
      name: "Express app: NODE_TLS_REJECT_UNAUTHORIZED set to 0 at start-up",
      path: "src/server.ts",
      code: `import express from "express";

process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = "0";

const app = express();
app.listen(3000);
`,
      errors: [{ messageId: "envOff", line: 3 }, { messageId: "envOff", line: 4 }],
      messageIncludes: ["Setting `NODE_TLS_REJECT_UNAUTHORIZED` to \"0\""],
    },
    {
      name: "Fastify plugin: an HTTPS agent for an upstream API that skips verification",
      path: "src/plugins/upstream.ts",
      code: `import https from "node:https";
import type { FastifyInstance } from "fastify";

export default async function upstream(fastify: FastifyInstance) {
  const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false, minVersion: "TLSv1" });
  fastify.decorate("upstreamAgent", agent);
}
`,
      errors: [{ messageId: "verifyOff", line: 5, severity: "blocking" }, { messageId: "oldProtocol", line: 5, severity: "warning" }],
    },
    {
      name: "Koa service: MongoDB client allowing invalid certificates; a no-verify connection string",
      code: `import { MongoClient } from "mongodb";
import { Sequelize } from "sequelize";

export const mongo = new MongoClient(process.env.MONGO_URL!, {
  tls: true,
  tlsAllowInvalidCertificates: true,
});
export const sql = new Sequelize("postgres://app@db.internal:5432/app?sslmode=no-verify");
`,
      errors: [{ messageId: "verifyOff", line: 6 }, { messageId: "urlOff", line: 8 }],
    },
    {
      name: "Hono app: fetch through an undici agent with checkServerIdentity that accepts anything",
      code: `import { Hono } from "hono";
import { Agent } from "undici";

const dispatcher = new Agent({ connect: { checkServerIdentity: () => undefined } });
const app = new Hono();

app.get("/proxy", async (c) => c.json(await (await fetch("https://internal/api", { dispatcher } as RequestInit)).json()));
`,
      errors: [{ messageId: "hostnameOff", line: 4 }],
    },
    {
      name: "NestJS module: TypeORM and Redis options with verification off",
      code: `import { Module } from "@nestjs/common";
import { TypeOrmModule } from "@nestjs/typeorm";

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: "mysql",
      url: process.env.DATABASE_URL,
      ssl: { rejectUnauthorized: false },
    }),
  ],
  providers: [{ provide: "REDIS_OPTIONS", useValue: { tls: { rejectUnauthorized: 0 } } }],
})
export class AppModule {}
`,
      errors: [{ messageId: "verifyOff", line: 9 }, { messageId: "verifyOff", line: 12 }],
    },
    {
      name: "legacy request client with strictSSL false",
      path: "src/clients/legacy.js",
      code: `const request = require("request");

module.exports = (url) => request({ url, strictSSL: false, json: true });
`,
      errors: [{ messageId: "verifyOff", line: 3 }],
    },
  ],
  valid: [
    {
      name: "database module: pg pool with the provider's CA bundle",
      path: "src/db/pool.ts",
      code: `import fs from "node:fs";
import { Pool } from "pg";

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  ssl: { ca: fs.readFileSync("/etc/ssl/certs/rds-global-bundle.pem", "utf8"), rejectUnauthorized: true },
});
`,
    },
    {
      name: "Express app: verification relaxed only outside production",
      path: "src/server.ts",
      code: `import https from "node:https";

export const agent = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === "production" });
if (process.env.NODE_ENV === "development") {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
}
`,
    },
    {
      name: "Fastify plugin: modern TLS settings",
      path: "src/plugins/upstream.ts",
      code: `import https from "node:https";
import type { FastifyInstance } from "fastify";

export default async function upstream(fastify: FastifyInstance) {
  fastify.decorate("upstreamAgent", new https.Agent({ keepAlive: true, minVersion: "TLSv1.2" }));
}
`,
    },
    {
      name: "Koa service: MongoDB with a CA file; a verify-full connection string",
      code: `import { MongoClient } from "mongodb";

export const mongo = new MongoClient(process.env.MONGO_URL!, { tls: true, tlsCAFile: "/etc/ssl/mongo-ca.pem" });
export const url = "postgres://app@db.internal:5432/app?sslmode=verify-full";
`,
    },
    {
      name: "Hono app: checkServerIdentity that calls the default and adds a pin check",
      code: `import tls from "node:tls";
import { Agent } from "undici";

export const dispatcher = new Agent({
  connect: {
    checkServerIdentity: (host, cert) => {
      const err = tls.checkServerIdentity(host, cert);
      if (err) return err;
      if (cert.fingerprint256 !== process.env.PINNED) return new Error("pin mismatch");
      return undefined;
    },
  },
});
`,
    },
    {
      name: "test files may talk to self-signed servers",
      path: "test/e2e/https.test.ts",
      code: `import https from "node:https";

export const agent = new https.Agent({ rejectUnauthorized: false });
`,
    },
  ],
});
