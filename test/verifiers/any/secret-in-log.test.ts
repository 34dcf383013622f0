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

const job = (...lines: string[]) => ["on: push", "jobs:", "  release:", "    runs-on: ubuntu-latest", "    steps:", ...lines].join("\n");

// ::add-mask:: after the same job already printed the value.
ruleTester("any/secret-in-log", {
  invalid: [
    {
      name: "a generated password printed by one step, masked by a later one",
      path: ".github/workflows/release.yml",
      code: job(
        "      - id: creds",
        "        run: |",
        "          PASSWORD=$(openssl rand -base64 24)",
        '          echo "password=$PASSWORD" >> "$GITHUB_OUTPUT"',
        '      - run: echo "Generated ${{ steps.creds.outputs.password }}"',
        '      - run: echo "::add-mask::${{ steps.creds.outputs.password }}"',
      ),
      errors: [{ messageId: "maskedLate", line: 11 }],
      messageIncludes: ["hides ${{ steps.creds.outputs.password }} only in output printed after this line, but this job already printed it on line 10"],
    },
    {
      name: "a deployment id echoed, then masked in the same script",
      path: ".github/workflows/deploy.yml",
      code: job(
        "      - run: |",
        '          DEPLOY_ID=$(./deploy.sh --print-id)',
        '          echo "Deployment $DEPLOY_ID started"',
        '          echo "::add-mask::$DEPLOY_ID"',
      ),
      errors: [{ messageId: "maskedLate", line: 9 }],
    },
    {
      name: "printf of a session id, masked with the braced form",
      path: ".github/workflows/e2e.yml",
      code: job(
        "      - run: |",
        "          SESSION_ID=$(curl -fsS -X POST https://grid.acme.io/session | jq -r .id)",
        "          printf 'session %s\\n' \"$SESSION_ID\"",
        '          echo "::add-mask::${SESSION_ID}"',
      ),
      errors: [{ messageId: "maskedLate", line: 9 }],
    },
    {
      name: "composite action: the token echoed before it is masked",
      path: "actions/login/action.yml",
      code: [
        "name: login",
        "runs:",
        "  using: composite",
        "  steps:",
        "    - shell: bash",
        "      run: |",
        '        CODE=$(./get-code.sh)',
        '        echo "code: $CODE"',
        '        echo "::add-mask::$CODE"',
      ].join("\n"),
      errors: [{ messageId: "maskedLate", line: 9 }],
    },
    {
      name: "a secret-named variable printed (echo) and masked afterwards (maskedLate)",
      path: ".github/workflows/publish.yml",
      code: job(
        "      - run: |",
        "          API_TOKEN=$(aws secretsmanager get-secret-value --secret-id ci/api --query SecretString --output text)",
        '          echo "token is $API_TOKEN"',
        '          echo "::add-mask::$API_TOKEN"',
      ),
      errors: [{ messageId: "echo", line: 8 }, { messageId: "maskedLate", line: 9 }],
    },
    {
      name: "two steps later, with other output in between",
      path: ".github/workflows/nightly.yml",
      code: job(
        '      - run: echo "build ${{ steps.meta.outputs.signing-url }}"',
        "      - run: make build",
        '      - run: echo "::add-mask::${{ steps.meta.outputs.signing-url }}"',
      ),
      errors: [{ messageId: "maskedLate", line: 8 }],
    },
  ],
  valid: [
    {
      name: "masked first, then used",
      path: ".github/workflows/release.yml",
      code: job(
        "      - run: |",
        "          TOKEN=$(./fetch-token.sh)",
        '          echo "::add-mask::$TOKEN"',
        '          echo "TOKEN=$TOKEN" >> "$GITHUB_ENV"',
      ),
    },
    {
      name: "written to GITHUB_OUTPUT and piped before masking, never printed",
      path: ".github/workflows/release.yml",
      code: job(
        "      - run: |",
        "          ID=$(./create.sh)",
        '          echo "id=$ID" >> "$GITHUB_OUTPUT"',
        '          echo "$ID" | ./register --stdin',
        '          echo "::add-mask::$ID"',
      ),
    },
    {
      name: "printed in one job, masked in another (a separate log)",
      path: ".github/workflows/two-jobs.yml",
      code: [
        "on: push",
        "jobs:",
        "  a:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        '      - run: echo "version $VERSION"',
        "  b:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        '      - run: echo "::add-mask::$VERSION"',
      ].join("\n"),
    },
    {
      name: "a different value printed than the one masked",
      path: ".github/workflows/release.yml",
      code: job('      - run: echo "release $VERSION"', '      - run: echo "::add-mask::$RELEASE_KEY"'),
    },
    {
      name: "add-mask in a shell script outside a workflow is not a workflow log",
      path: "scripts/ci.sh",
      code: ["#!/bin/sh", 'echo "id $ID"', 'echo "::add-mask::$ID"'].join("\n"),
    },
    {
      name: "only the add-mask line mentions the value",
      path: ".github/workflows/release.yml",
      code: job("      - run: |", "          KEY=$(./key.sh)", '          echo "::add-mask::$KEY"', '          ./use-key.sh "$KEY"'),
    },
  ],
});
