import { ruleTester } from "../../support/rule-tester.js";

ruleTester("any/container-root", {
  invalid: [
    {
      name: "a change that drops the USER the base revision had",
      path: "Dockerfile",
      base: ["FROM node:22-slim", "WORKDIR /app", "COPY --chown=node:node . .", "USER node", 'CMD ["node", "server.js"]'].join("\n"),
      code: ["FROM node:22-slim", "WORKDIR /app", "COPY . .", 'CMD ["node", "server.js"]'].join("\n"),
      errors: [{ messageId: "noUser", line: 1 }],
      messageIncludes: ["sets no USER"],
    },
    {
      name: "a change that switches the base revision's app user to root",
      path: "deploy/Dockerfile",
      base: ["FROM python:3.12-slim", "RUN useradd -r app", "USER app", 'CMD ["gunicorn", "app:app"]'].join("\n"),
      code: ["FROM python:3.12-slim", "RUN useradd -r app", "USER root", 'CMD ["gunicorn", "app:app"]'].join("\n"),
      errors: [{ messageId: "rootUser", line: 3 }],
    },
    {
      name: "single-stage Node image without USER",
      path: "Dockerfile",
      code: ["FROM node:22-slim", "WORKDIR /app", "COPY package*.json ./", "RUN npm ci --omit=dev", "COPY . .", 'CMD ["node", "server.js"]'].join("\n"),
      errors: [{ messageId: "noUser", line: 1 }],
      messageIncludes: ["The final stage (FROM node:22-slim) sets no USER"],
    },
    {
      name: "multi-stage build whose runtime stage has no USER",
      path: "Dockerfile",
      code: [
        "FROM golang:1.22 AS build",
        "WORKDIR /src",
        "COPY . .",
        "RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api",
        "",
        "FROM alpine:3.20",
        "COPY --from=build /out/api /usr/local/bin/api",
        'ENTRYPOINT ["api"]',
      ].join("\n"),
      errors: [{ messageId: "noUser", line: 6 }],
    },
    {
      name: "USER switched back to root at the end",
      path: "docker/worker.Dockerfile",
      code: ["FROM python:3.12-slim", "RUN useradd -r app", "USER app", "COPY . /app", "USER root", 'CMD ["python", "/app/worker.py"]'].join("\n"),
      errors: [{ messageId: "rootUser", line: 5 }],
      messageIncludes: ["runs as USER root"],
    },
    {
      name: "USER 0:0",
      path: "Containerfile",
      code: ["FROM registry.access.redhat.com/ubi9/ubi-minimal", "USER 0:0", 'CMD ["/app"]'].join("\n"),
      errors: [{ messageId: "rootUser", line: 2 }],
    },
    {
      name: "a USER in the build stage does not carry into a stage from another image",
      path: "Dockerfile",
      code: ["FROM node:22 AS deps", "USER node", "RUN npm ci", "FROM node:22-slim", "COPY --from=deps /app /app", 'CMD ["node", "/app/index.js"]'].join("\n"),
      errors: [{ messageId: "noUser", line: 4 }],
    },
    {
      name: "scratch image with a static binary and no USER",
      path: "build/Dockerfile",
      code: ["FROM scratch", "COPY api /api", 'ENTRYPOINT ["/api"]'].join("\n"),
      errors: [{ messageId: "noUser", line: 1 }],
    },
  ],
  valid: [
    {
      name: "Node image switching to the node user",
      path: "Dockerfile",
      code: ["FROM node:22-slim", "WORKDIR /app", "COPY --chown=node:node . .", "USER node", 'CMD ["node", "server.js"]'].join("\n"),
    },
    {
      name: "runtime stage with a numeric user",
      path: "Dockerfile",
      code: ["FROM golang:1.22 AS build", "RUN go build -o /api .", "FROM alpine:3.20", "RUN adduser -D -u 10001 app", "COPY --from=build /api /api", "USER 10001", 'ENTRYPOINT ["/api"]'].join("\n"),
    },
    {
      name: "root only in the build stage",
      path: "Dockerfile",
      code: ["FROM python:3.12 AS build", "USER root", "RUN pip wheel -w /wheels .", "FROM python:3.12-slim", "COPY --from=build /wheels /wheels", "USER nobody"].join("\n"),
    },
    {
      name: "distroless nonroot base",
      path: "Dockerfile",
      code: ["FROM golang:1.22 AS build", "RUN go build -o /api .", "FROM gcr.io/distroless/static-debian12:nonroot", "COPY --from=build /api /api", 'ENTRYPOINT ["/api"]'].join("\n"),
    },
    {
      name: "a stage built from an earlier stage that set USER",
      path: "Dockerfile",
      code: ["FROM node:22-slim AS base", "USER node", "FROM base AS prod", "COPY . /app", 'CMD ["node", "/app/index.js"]'].join("\n"),
    },
    {
      name: "entrypoint that drops privileges with gosu",
      path: "Dockerfile",
      code: ["FROM debian:bookworm-slim", "RUN apt-get update && apt-get install -y gosu", "COPY entrypoint.sh /", 'ENTRYPOINT ["/entrypoint.sh"]', 'CMD ["gosu", "app", "/usr/local/bin/app"]'].join("\n"),
    },
    {
      name: "a change to a Dockerfile that already ran as root at the base (not a regression)",
      path: "Dockerfile",
      base: ["FROM node:20-slim", "WORKDIR /app", "COPY . .", 'CMD ["node", "server.js"]'].join("\n"),
      code: ["FROM node:22-slim", "WORKDIR /app", "COPY . .", "RUN npm ci --omit=dev", 'CMD ["node", "server.js"]'].join("\n"),
    },
    {
      name: "not a Dockerfile",
      path: "docs/Dockerfile.md",
      code: ["FROM node:22", "USER root"].join("\n"),
    },
  ],
});
