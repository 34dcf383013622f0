import { ruleTester } from "../../support/rule-tester.js";

const steps = (...lines: string[]) => ["on: push", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    steps:", ...lines].join("\n");

ruleTester("any/secret-in-log", {
  invalid: [
    {
      name: "workflow echoing a secret expression to the log",
      path: ".github/workflows/deploy.yml",
      code: steps("      - run: |", '          echo "Deploying with token ${{ secrets.DEPLOY_TOKEN }}"', "          ./deploy.sh"),
      errors: [{ messageId: "echo", line: 7 }],
      messageIncludes: ["echo prints ${{ secrets.DEPLOY_TOKEN }} to the log (run:)"],
    },
    {
      name: "workflow dumping every secret with toJSON",
      path: ".github/workflows/debug.yml",
      code: steps("      - run: echo '${{ toJSON(secrets) }}' | jq keys"),
      errors: [{ messageId: "allSecrets", line: 6 }],
      messageIncludes: ["toJSON(secrets) pastes every secret"],
    },
    {
      name: "workflow printing a secret-named environment variable with printf",
      path: ".github/workflows/release.yml",
      code: steps("      - env:", "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}", '        run: printf "token=%s\\n" "$NPM_TOKEN"'),
      errors: [{ messageId: "echo", line: 8 }],
    },
    {
      name: "shell script with set -x while it logs in with a password",
      path: "scripts/deploy.sh",
      code: ["#!/usr/bin/env bash", "set -euxo pipefail", "cd /srv/app", 'curl -fsS -H "Authorization: Bearer ${API_TOKEN}" https://deploy.internal/hooks/app', "systemctl restart app"].join("\n"),
      errors: [{ messageId: "trace", line: 2 }],
      messageIncludes: ["set -x is on here while the script uses ${API_TOKEN} (line 4)"],
    },
    {
      name: "shebang with -x and an exported password",
      path: "bin/migrate",
      code: ["#!/bin/bash -x", 'export PGPASSWORD="$DB_PASSWORD"', "psql -h db -U app -f migrate.sql"].join("\n"),
      errors: [{ messageId: "trace", line: 1 }],
    },
    {
      name: "Dockerfile RUN echoing a build secret",
      path: "Dockerfile",
      code: ["FROM node:22", "ARG NPM_TOKEN", "RUN echo \"using $NPM_TOKEN\" && npm ci"].join("\n"),
      errors: [{ messageId: "echo", line: 3 }],
    },
    {
      name: "echo to stderr is still the log",
      path: "scripts/check.sh",
      code: ["#!/bin/sh", 'echo "bad secret: $CLIENT_SECRET" >&2', "exit 1"].join("\n"),
      errors: [{ messageId: "echo", line: 2 }],
    },
  ],
  valid: [
    {
      name: "workflow piping and redirecting secrets, and masking",
      path: ".github/workflows/deploy.yml",
      code: steps(
        "      - run: |",
        '          echo "${{ secrets.NPM_TOKEN }}" | npm login --registry https://registry.npmjs.org',
        '          echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc',
        '          echo "TOKEN=${{ secrets.API_TOKEN }}" >> "$GITHUB_ENV"',
        '          echo "::add-mask::$SESSION_TOKEN"',
        "        env:",
        "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
      ),
    },
    {
      name: "printing whether a secret is set, or its length",
      path: "scripts/check.sh",
      code: ["#!/bin/sh", 'echo "token set: ${API_TOKEN:+yes}"', 'echo "length: ${#API_TOKEN}"', 'echo "Using API endpoint $API_URL"'].join("\n"),
    },
    {
      name: "set -x turned off before the secret is used",
      path: "scripts/deploy.sh",
      code: ["#!/bin/bash", "set -x", "npm run build", "set +x", 'curl -H "Authorization: Bearer $DEPLOY_TOKEN" https://deploy.internal/', "set -x", "echo done"].join("\n"),
    },
    {
      name: "set -x in a script that handles no secrets",
      path: "scripts/build.sh",
      code: ["#!/bin/bash", "set -ex", "npm ci", "npm run build", 'echo "built $GIT_SHA"'].join("\n"),
    },
    {
      name: "set -x in a workflow step, whose log masks secrets",
      path: ".github/workflows/ci.yml",
      code: steps("      - run: |", "          set -x", "          ./deploy.sh --token-file <(echo \"$TOKEN\")", "        env:", "          TOKEN: ${{ secrets.TOKEN }}"),
    },
    {
      name: "non-secret variables that mention tokens",
      path: "scripts/page.sh",
      code: ["#!/bin/sh", 'echo "next page: $NEXT_PAGE_TOKEN"', 'echo "token url: $TOKEN_URL"', 'echo "$PASSWORD_MIN_LENGTH"'].join("\n"),
    },
  ],
});
