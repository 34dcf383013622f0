import { ruleTester } from "../../support/rule-tester.js";

ruleTester("any/world-writable", {
  invalid: [
    {
      name: "attack: a harmless chmod first on the line does not hide a world-writable one",
      path: "src/setup.ts",
      code: `fs.chmodSync(a, 0o644); fs.chmodSync(b, 0o777);\n`,
      errors: [{ messageId: "code", line: 1 }],
    },
    {
      name: "attack: a world-writable chmod at the end of a line over 4,000 characters",
      path: "src/setup.ts",
      code: `const pad = [${"1, ".repeat(1500)}]; fs.chmodSync(dir, 0o777);\n`,
      errors: [{ messageId: "code", line: 1 }],
    },
    {
      name: "Dockerfile: chmod -R 777 on the app and COPY --chmod=666",
      path: "Dockerfile",
      code: ["FROM python:3.12-slim", "WORKDIR /app", "COPY --chmod=666 config.yaml /app/", "COPY . .", "RUN chmod -R 777 /app", "USER 10001"].join("\n"),
      errors: [{ messageId: "command", line: 3 }, { messageId: "command", line: 5 }],
      messageIncludes: ["COPY --chmod=666 makes this writable by every user"],
    },
    {
      name: "shell script: the Docker socket, symbolic o+w and a+rwx",
      path: "scripts/provision.sh",
      code: ["#!/usr/bin/env bash", "set -e", "sudo chmod 666 /var/run/docker.sock", "chmod o+w /srv/uploads", "chmod -R a+rwx /opt/app/cache", "chmod 755 /usr/local/bin/app"].join("\n"),
      errors: [
        { messageId: "command", line: 3 },
        { messageId: "command", line: 4 },
        { messageId: "command", line: 5 },
      ],
      messageIncludes: ["chmod 666 /var/run/docker.sock"],
    },
    {
      name: "umask 000 in an entrypoint",
      path: "docker/entrypoint.sh",
      code: ["#!/bin/sh", "umask 000", 'exec "$@"'].join("\n"),
      errors: [{ messageId: "command", line: 2 }],
      messageIncludes: ["umask 000"],
    },
    {
      name: "workflow run step and Makefile recipe",
      path: ".github/workflows/ci.yml",
      code: ["on: push", "jobs:", "  test:", "    runs-on: ubuntu-latest", "    steps:", "      - run: |", "          mkdir -p out && chmod 0777 out", "          npm test"].join("\n"),
      errors: [{ messageId: "command", line: 7 }],
    },
    {
      name: "mkdir -m 777 in a Makefile",
      path: "Makefile",
      code: ["dirs:", "\tmkdir -m 777 -p /var/lib/app/spool"].join("\n"),
      errors: [{ messageId: "command", line: 2 }],
    },
    {
      name: "Python os.chmod with 0o777 and os.umask(0)",
      path: "app/storage.py",
      code: ["import os", "", "def prepare(path):", "    os.makedirs(path, exist_ok=True)", "    os.chmod(path, 0o777)", "    os.umask(0)"].join("\n"),
      errors: [{ messageId: "code", line: 5 }, { messageId: "code", line: 6 }],
      messageIncludes: ["chmod with mode 777"],
    },
    {
      name: "Node fs.chmodSync with 0o666",
      path: "src/cache.ts",
      code: ['import fs from "node:fs";', "export function open(file: string) {", "  fs.chmodSync(file, 0o666);", "}"].join("\n"),
      errors: [{ messageId: "code", line: 3 }],
    },
  ],
  valid: [
    {
      name: "Dockerfile: chown to the app user and narrow modes",
      path: "Dockerfile",
      code: ["FROM node:20-slim", "COPY --chown=node:node --chmod=644 . /app", "RUN chmod 755 /app/bin/start && chmod -R u+rwX,go-w /app", "USER node"].join("\n"),
    },
    {
      name: "a sticky shared directory like /tmp",
      path: "Dockerfile",
      code: ["FROM debian:bookworm", "RUN mkdir -p /tmp/app && chmod 1777 /tmp/app"].join("\n"),
    },
    {
      name: "shell script with safe modes and umask",
      path: "scripts/install.sh",
      code: ["#!/bin/bash", "umask 022", "chmod +x ./bin/tool", "chmod 600 ~/.ssh/id_ed25519", "chmod g+w /srv/shared", "install -m 0755 tool /usr/local/bin/tool"].join("\n"),
    },
    {
      name: "Python chmod with 0o755 and a comment mentioning 777",
      path: "app/files.py",
      code: ["import os", "# never use chmod 777 here", "os.chmod(path, 0o755)", "os.umask(0o022)"].join("\n"),
    },
    {
      name: "Node chmod 0o644",
      path: "src/write.ts",
      code: ['import { chmod } from "node:fs/promises";', "await chmod(file, 0o644);"].join("\n"),
    },
    {
      name: "a README explaining chmod 777 is not a command",
      path: "docs/permissions.md",
      code: ["Do not run `chmod 777 /var/run/docker.sock`; add your user to the docker group."].join("\n"),
    },
    {
      name: "Kubernetes manifest (not read by this rule)",
      path: "k8s/configmap.yaml",
      code: ["apiVersion: v1", "kind: ConfigMap", "data:", "  cmd: chmod 777 /data"].join("\n"),
    },
  ],
});
