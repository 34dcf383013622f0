import { ruleTester } from "../../support/rule-tester.js";

ruleTester("any/committed-env-file", {
  invalid: [
    {
      name: "a new .env with local settings and a password",
      path: ".env",
      code: ["# local development", "NODE_ENV=development", "PORT=3000", "DATABASE_URL=postgres://app:devpass@localhost:5432/app", "SENTRY_DSN="].join("\n"),
      errors: [{ messageId: "committed", line: 2 }],
      messageIncludes: [".env is committed with 3 value(s) (NODE_ENV, PORT, DATABASE_URL)"],
    },
    {
      name: ".env.local of a Next.js app",
      path: "web/.env.local",
      code: ["NEXT_PUBLIC_API_URL=http://localhost:8080", "STRIPE_SECRET_KEY=sk_test_placeholder_for_local"].join("\n"),
      errors: [{ messageId: "committed", line: 1 }],
    },
    {
      name: "a mode-specific local file",
      path: ".env.production.local",
      code: ["export API_KEY=abc123"].join("\n"),
      errors: [{ messageId: "committed", line: 1 }],
    },
    {
      name: "a docker --env-file next to the compose file",
      path: "deploy/app.env",
      code: ["POSTGRES_USER=app", "POSTGRES_PASSWORD=changeme123"].join("\n"),
      errors: [{ messageId: "committed", line: 1 }],
      messageIncludes: ["(POSTGRES_USER, POSTGRES_PASSWORD)"],
    },
    {
      name: "an example file renamed into place",
      path: ".env",
      status: "renamed",
      code: ["REDIS_URL=redis://localhost:6379/0"].join("\n"),
      errors: [{ messageId: "committed", line: 1 }],
    },
    {
      name: "values after empty and placeholder lines",
      path: "api/.env",
      code: ["API_KEY=", "SECRET=<your-secret>", "DEBUG=true"].join("\n"),
      errors: [{ messageId: "committed", line: 3 }],
    },
  ],
  valid: [
    {
      name: ".env.example with placeholders",
      path: ".env.example",
      code: ["DATABASE_URL=postgres://app:<password>@localhost:5432/app", "API_KEY=<your-api-key>"].join("\n"),
    },
    {
      name: "framework per-mode defaults committed on purpose",
      path: ".env.development",
      code: ["NEXT_PUBLIC_API_URL=http://localhost:8080"].join("\n"),
    },
    {
      name: "a .env with only empty values",
      path: ".env",
      code: ["# fill these in", "DATABASE_URL=", "API_KEY=", "SECRET=${SECRET}"].join("\n"),
    },
    {
      name: "an already-tracked .env that changes",
      path: ".env",
      status: "modified",
      code: ["PORT=3000", "LOG_LEVEL=debug"].join("\n"),
    },
    {
      name: "a file that only looks like an env file",
      path: "src/env.ts",
      code: ["export const PORT = process.env.PORT ?? 3000;"].join("\n"),
    },
    {
      name: ".env.sample and .env.template",
      path: "config/.env.sample",
      code: ["SMTP_HOST=smtp.example.com", "SMTP_PASSWORD=changeme"].join("\n"),
    },
  ],
});
