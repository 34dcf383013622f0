import { ruleTester } from "../../support/rule-tester.js";

const docker = (...lines: string[]) => lines.join("\n");

ruleTester("any/docker-build-secret", {
  invalid: [
    {
      name: "Node image: a private registry token as ARG, then copied into ENV for npm",
      path: "Dockerfile",
      code: docker(
        "FROM node:22-slim",
        "WORKDIR /app",
        "ARG NPM_TOKEN",
        "ENV NPM_TOKEN=${NPM_TOKEN}",
        "COPY package*.json .npmrc ./",
        "RUN npm ci --omit=dev",
        'CMD ["node", "server.js"]',
      ),
      errors: [{ messageId: "arg", line: 3, severity: "warning" }, { messageId: "env", line: 4 }],
      messageIncludes: ["`ARG NPM_TOKEN` passes a secret as a build argument", "id=npm-token,env=NPM_TOKEN"],
    },
    {
      name: "Python image: a pip index password as a build argument",
      path: "services/api/Dockerfile",
      code: docker(
        "FROM python:3.12-slim",
        "ARG PIP_INDEX_PASSWORD",
        "RUN pip install --index-url https://ci:${PIP_INDEX_PASSWORD}@pypi.acme.internal/simple -r requirements.txt",
        "USER nobody",
      ),
      errors: [{ messageId: "arg", line: 2, severity: "warning" }],
    },
    {
      name: "Go builder: a GitHub token for private modules, declared with an empty default",
      path: "build/Dockerfile",
      code: docker(
        "FROM golang:1.23 AS build",
        'ARG GITHUB_TOKEN=""',
        'RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"',
        "RUN go build -o /out/app ./cmd/app",
        "FROM gcr.io/distroless/static:nonroot",
        "COPY --from=build /out/app /app",
      ),
      errors: [{ messageId: "arg", line: 2, severity: "warning" }],
    },
    {
      name: "Rails image: the master key and a database password baked into ENV from build args",
      path: "Dockerfile",
      code: docker(
        "FROM ruby:3.3-slim",
        "ARG RAILS_MASTER_KEY",
        "ARG DB_PASSWORD",
        "ENV RAILS_MASTER_KEY=$RAILS_MASTER_KEY \\",
        "    DATABASE_PASSWORD=${DB_PASSWORD} \\",
        "    RAILS_ENV=production",
        "RUN bundle exec rails assets:precompile",
      ),
      errors: [
        { messageId: "arg", line: 2, severity: "warning" },
        { messageId: "arg", line: 3, severity: "warning" },
        { messageId: "env", line: 4 },
        { messageId: "env", line: 4 },
      ],
    },
    {
      name: "legacy ENV form copying an API key from a build argument",
      path: "docker/worker.Dockerfile",
      code: docker("FROM alpine:3.20", "ARG api_key", "ENV STRIPE_API_KEY ${api_key}", 'ENTRYPOINT ["/worker"]'),
      errors: [{ messageId: "arg", line: 2, severity: "warning" }, { messageId: "env", line: 3 }],
    },
    {
      name: "several build arguments on one ARG line, an SSH private key among them",
      path: "Containerfile",
      code: docker("FROM debian:12-slim", "ARG APP_VERSION=1.0 SSH_PRIVATE_KEY", "RUN echo \"$SSH_PRIVATE_KEY\" > /root/.ssh/id_ed25519 && git clone git@github.com:acme/lib.git"),
      errors: [{ messageId: "arg", line: 2, severity: "warning" }],
    },
  ],
  valid: [
    {
      name: "BuildKit secret mounts instead of build arguments",
      path: "Dockerfile",
      code: docker(
        "# syntax=docker/dockerfile:1",
        "FROM node:22-slim",
        "RUN --mount=type=secret,id=npm-token,env=NPM_TOKEN npm ci --omit=dev",
        "RUN --mount=type=secret,id=pip,target=/root/.config/pip/pip.conf pip install -r requirements.txt",
      ),
    },
    {
      name: "build arguments that are not secrets: versions, URLs, file paths",
      path: "Dockerfile",
      code: docker("FROM node:22-slim", "ARG NODE_VERSION=22", "ARG TOKEN_URL=https://auth.acme.io/token", "ARG PASSWORD_FILE=/run/secrets/db_password", "ARG BUILDKIT_INLINE_CACHE=1"),
    },
    {
      name: "ENV pointing at secret files and Rails' dummy key for asset precompilation",
      path: "Dockerfile",
      code: docker("FROM ruby:3.3-slim", "ENV DB_PASSWORD_FILE=/run/secrets/db_password", "ENV SECRET_KEY_BASE_DUMMY=1", "ENV API_KEY_PATH=/etc/acme/key"),
    },
    {
      name: "ENV with a literal secret is the credentials rule's finding, an empty one is nothing",
      path: "Dockerfile",
      code: docker("FROM python:3.12-slim", 'ENV JWT_SECRET=""', "ENV DJANGO_SECRET_KEY=changeme", "ENV PYTHONDONTWRITEBYTECODE=1"),
    },
    {
      name: "the words in comments and RUN lines are not instructions",
      path: "Dockerfile",
      code: docker("FROM alpine:3.20", "# ARG NPM_TOKEN was replaced by a secret mount", 'RUN echo "ENV API_KEY=$API_KEY is set at run time"'),
    },
    {
      name: "not a Dockerfile: a shell script with ARG-like lines",
      path: "scripts/build.sh",
      code: docker("#!/bin/sh", "ARG NPM_TOKEN", "ENV API_KEY=$API_KEY"),
    },
  ],
});
