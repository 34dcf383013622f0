import { describe, expect, it } from "@jest/globals";
import { findingsFor, ruleTester } from "../../support/rule-tester.js";

const RULE = "any/hardcoded-credentials";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// Fake credentials are generated at run time (a MINSTD generator), so no whole token is written
// in this file for GitHub push protection or another scanner to find.
function fake(n: number, seed: number, chars = ALNUM): string {
  let x = seed;
  let out = "";
  for (let i = 0; i < n; i++) {
    x = (x * 48271) % 2147483647;
    out += chars.charAt(x % chars.length);
  }
  return out;
}

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const GHP = "ghp_" + fake(36, 1);
const JWT = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub: "42", role: "admin", exp: 1893456000 })}.${fake(43, 2, ALNUM + "-_")}`;
const PEM_BODY = [fake(64, 3, ALNUM + "+/"), fake(64, 4, ALNUM + "+/")];
const BEGIN = (kind: string) => `-----BEGIN ${kind}-----`;

ruleTester(RULE, {
  invalid: [
    {
      name: "attack: a password assignment at the end of a line over 4,000 characters (a minified bundle)",
      path: "public/app.min.js",
      code: `var a=${"1,".repeat(2500)}password:"Tr0ub4dor&3x";\n`,
      errors: [{ messageId: "assignment", line: 1 }],
    },
    {
      name: "attack: a password assignment padded to 5,000 characters in Python",
      path: "app/settings.py",
      code: `OPTIONS = {${'"k": "v", '.repeat(500)}"db_password": "Tr0ub4dor&3x"}\n`,
      errors: [{ messageId: "assignment", line: 1 }],
    },
    {
      name: "Django settings.py: SECRET_KEY and a database PASSWORD",
      path: "shop/settings.py",
      code: [
        "import os",
        "from pathlib import Path",
        "",
        "BASE_DIR = Path(__file__).resolve().parent.parent",
        `SECRET_KEY = 'django-insecure-${fake(40, 5, ALNUM + "!@#%^&*-_=+")}'`,
        "DEBUG = False",
        "DATABASES = {",
        '    "default": {',
        '        "ENGINE": "django.db.backends.postgresql",',
        '        "NAME": "shop",',
        '        "PASSWORD": "Tr0ub4dor&3",',
        '        "HOST": os.environ.get("DB_HOST", "localhost"),',
        "    }",
        "}",
        'EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]',
      ].join("\n"),
      errors: [{ messageId: "assignment", line: 5 }, { messageId: "assignment", line: 11 }],
      messageIncludes: ["SECRET_KEY is assigned a hard-coded secret key (djan…)"],
    },
    {
      name: "Express config.ts: JWT secret, db password, OpenAI key",
      path: "src/config.ts",
      code: [
        'import OpenAI from "openai";',
        "",
        "export interface Config {",
        "  port: number;",
        "  jwtSecret: string;",
        "  db: { host: string; password: string };",
        "}",
        "",
        "export const config: Config = {",
        "  port: Number(process.env.PORT ?? 3000),",
        `  jwtSecret: "${fake(32, 6)}",`,
        '  db: { host: process.env.DB_HOST ?? "localhost", password: "s3cure-Pa55-2024" },',
        "};",
        `export const openai = new OpenAI({ apiKey: "sk-proj-${fake(48, 7)}" });`,
      ].join("\n"),
      errors: [
        { messageId: "assignment", line: 11 },
        { messageId: "assignment", line: 12 },
        { messageId: "token", line: 14 },
      ],
      messageIncludes: ["jwtSecret is assigned a hard-coded secret"],
    },
    {
      name: "docker-compose.yml: POSTGRES_PASSWORD and a DATABASE_URL with the password",
      path: "docker-compose.yml",
      code: [
        "services:",
        "  db:",
        "    image: postgres:16",
        "    environment:",
        "      POSTGRES_USER: shop",
        "      POSTGRES_PASSWORD: s3cr3t-Pa55",
        "  web:",
        "    build: .",
        "    environment:",
        "      - DATABASE_URL=postgres://shop:s3cr3t-Pa55@db:5432/shop",
        "      - REDIS_URL=redis://redis:6379/0",
        "      - SECRET_KEY=${SECRET_KEY}",
      ].join("\n"),
      errors: [{ messageId: "assignment", line: 6 }, { messageId: "url", line: 10 }],
      messageIncludes: ["POSTGRES_PASSWORD is assigned a hard-coded password (s3…)"],
    },
    {
      name: ".env: Stripe, AWS key pair and a password; empty values are not flagged",
      path: ".env",
      code: [
        "NODE_ENV=production",
        `STRIPE_SECRET_KEY=sk_live_${fake(24, 8)}`,
        `AWS_ACCESS_KEY_ID=AKIA${fake(16, 9, UPPER)}`,
        `AWS_SECRET_ACCESS_KEY=${fake(40, 10, ALNUM + "+/")}`,
        "DB_PASSWORD=hunter2!x",
        "SENTRY_DSN=",
        "API_KEY=",
      ].join("\n"),
      errors: [
        { messageId: "token", line: 2 },
        { messageId: "token", line: 3 },
        { messageId: "token", line: 4 },
        { messageId: "assignment", line: 5 },
      ],
      messageIncludes: ["A Stripe live secret key (sk_l…) is hard-coded here"],
    },
    {
      name: "application.properties: JDBC URL with a password and the datasource password",
      path: "src/main/resources/application.properties",
      code: [
        "spring.application.name=orders",
        "spring.datasource.url=jdbc:mysql://orders:Ord3rs-Db-Pw@mysql:3306/orders",
        "spring.datasource.username=orders",
        "spring.datasource.password=Ord3rs-Db-Pw",
        "spring.jpa.hibernate.ddl-auto=validate",
      ].join("\n"),
      errors: [{ messageId: "url", line: 2 }, { messageId: "assignment", line: 4 }],
      messageIncludes: ["This mysql:// URL embeds a hard-coded password (Ord…)"],
    },
    {
      name: "Terraform: RDS master password and a GitHub provider token",
      path: "infra/main.tf",
      code: [
        'resource "aws_db_instance" "main" {',
        '  engine         = "postgres"',
        '  instance_class = "db.t3.micro"',
        '  username       = "admin"',
        '  password       = "Adm1n-Pg-2024!"',
        "}",
        "",
        'provider "github" {',
        `  token = "${GHP}"`,
        "}",
      ].join("\n"),
      errors: [{ messageId: "assignment", line: 5 }, { messageId: "token", line: 9 }],
    },
    {
      name: "GitHub workflow: registry password and a Slack bot token",
      path: ".github/workflows/deploy.yml",
      code: [
        "name: deploy",
        "on: push",
        "jobs:",
        "  deploy:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: docker/login-action@v3",
        "        with:",
        "          username: deployer",
        "          password: dckr-Pa55-w0rd!",
        "      - run: ./deploy.sh",
        "        env:",
        `          SLACK_TOKEN: xoxb-${fake(12, 11, "0123456789")}-${fake(13, 12, "0123456789")}-${fake(24, 13)}`,
      ].join("\n"),
      errors: [{ messageId: "assignment", line: 10 }, { messageId: "token", line: 13 }],
    },
    {
      name: "Kubernetes Secret manifest: base64 data and stringData are not encryption",
      path: "k8s/api-secret.yaml",
      code: [
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: api-credentials",
        "type: Opaque",
        "data:",
        `  password: ${Buffer.from(fake(18, 14)).toString("base64")}`,
        "stringData:",
        `  api-key: ${fake(32, 15)}`,
        "  username: api",
      ].join("\n"),
      errors: [{ messageId: "assignment", line: 7 }, { messageId: "assignment", line: 9 }],
    },
    {
      name: "shell script: exported token and PGPASSWORD on the command line",
      path: "scripts/backup.sh",
      code: [
        "#!/usr/bin/env bash",
        "set -euo pipefail",
        `export GITHUB_TOKEN="${GHP}"`,
        "PGPASSWORD='pg-B4ckup-2024' pg_dump -h db -U backup shop > /backups/shop.sql",
        'curl -fsS -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user',
        'mysqldump --password="$MYSQL_PASSWORD" shop',
      ].join("\n"),
      errors: [{ messageId: "token", line: 3 }, { messageId: "assignment", line: 4 }],
      messageIncludes: ["A GitHub personal access token (ghp_…) is hard-coded here"],
    },
    {
      name: "service-account JSON with a one-line PEM private key",
      path: "config/service-account.json",
      code: [
        "{",
        '  "type": "service_account",',
        '  "project_id": "shop-prod",',
        `  "private_key_id": "${fake(40, 16, "0123456789abcdef")}",`,
        `  "private_key": "${BEGIN("PRIVATE KEY")}\\n${PEM_BODY.join("\\n")}\\n-----END PRIVATE KEY-----\\n",`,
        '  "client_email": "deploy@shop-prod.iam.gserviceaccount.com"',
        "}",
      ].join("\n"),
      errors: [{ messageId: "privateKey", line: 5 }],
      messageIncludes: ["A private key (BEGIN PRIVATE KEY)"],
    },
    {
      name: "multi-line PEM block in a Helm values file",
      path: "deploy/values.yaml",
      code: ["tls:", "  key: |", `    ${BEGIN("RSA PRIVATE KEY")}`, ...PEM_BODY.map((l) => `    ${l}`), "    -----END RSA PRIVATE KEY-----"].join("\n"),
      errors: [{ messageId: "privateKey", line: 3 }],
      messageIncludes: ["BEGIN RSA PRIVATE KEY"],
    },
    {
      name: "JWT pasted into a JavaScript client",
      path: "src/api/client.js",
      code: ["export const headers = {", `  Authorization: "Bearer ${JWT}",`, "};"].join("\n"),
      errors: [{ messageId: "token", line: 2 }],
      messageIncludes: ["A JSON Web Token (eyJh…)"],
    },
    {
      name: "Python clients: Anthropic key, Google API key, psycopg2 password keyword",
      path: "app/clients.py",
      code: [
        "import anthropic",
        "import psycopg2",
        "",
        `claude = anthropic.Anthropic(api_key="sk-ant-api03-${fake(90, 17, ALNUM + "-_")}")`,
        `maps_key = "AIza${fake(35, 18, ALNUM + "-_")}"`,
        'conn = psycopg2.connect(host="db", user="app", password="Xk9#mP2!qL")',
      ].join("\n"),
      errors: [
        { messageId: "token", line: 4 },
        { messageId: "token", line: 5 },
        { messageId: "assignment", line: 6 },
      ],
      messageIncludes: ["An Anthropic API key (sk-a…)"],
    },
    {
      name: "a live-format token in a test file is still flagged; a short test password is not",
      path: "tests/test_github.py",
      code: ["def test_client():", `    client = GitHub(token="${GHP}")`, '    assert client.login(password="hunter2")'].join("\n"),
      errors: [{ messageId: "token", line: 2 }],
    },
    {
      name: ".npmrc auth token",
      path: ".npmrc",
      code: `//registry.npmjs.org/:_authToken=npm_${fake(36, 19)}\n`,
      errors: [{ messageId: "token", line: 1 }],
      messageIncludes: ["An npm access token (npm_…)"],
    },
    {
      name: "GitLab CI variable with a personal access token",
      path: ".gitlab-ci.yml",
      code: ["variables:", `  GITLAB_TOKEN: glpat-${fake(20, 20)}`].join("\n"),
      errors: [{ messageId: "token", line: 2 }],
    },
    {
      name: "Maven settings.xml server password element",
      path: "settings.xml",
      code: [
        "<settings>",
        "  <servers>",
        "    <server>",
        "      <id>releases</id>",
        "      <username>deploy</username>",
        "      <password>M4ven-Depl0y!</password>",
        "    </server>",
        "  </servers>",
        "</settings>",
      ].join("\n"),
      errors: [{ messageId: "assignment", line: 6 }],
    },
    {
      name: "MongoDB SRV URL in a TypeScript module",
      path: "src/db.ts",
      code: 'export const uri = "mongodb+srv://shop:Qm8vT2xLp4@cluster0.kq3ne.mongodb.net/shop";\n',
      errors: [{ messageId: "url", line: 1 }],
      messageIncludes: ["mongodb+srv:// URL"],
    },
    {
      name: "ADO.NET connection string Password= in appsettings.json",
      path: "appsettings.json",
      code: [
        "{",
        '  "ConnectionStrings": {',
        '    "Default": "Server=db;Database=shop;User Id=sa;Password=Sq1-Serv3r-Pw;"',
        "  }",
        "}",
      ].join("\n"),
      errors: [{ messageId: "assignment", line: 3 }],
    },
    {
      name: "a token format is still found on a minified line too long for the generic check",
      path: "public/app.min.js",
      code: `var a=${"1,".repeat(3000)}t="${GHP}";\n`,
      errors: [{ messageId: "token", line: 1 }],
    },
  ],
  valid: [
    {
      name: "Django settings reading everything from the environment",
      path: "shop/settings.py",
      code: [
        "import os",
        'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "USER": "shop", "PASSWORD": os.getenv("DB_PASSWORD")}}',
        'AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]',
        "PASSWORD_RESET_TIMEOUT = 259200",
        'EMAIL_HOST_PASSWORD = config.get("email", "password")',
        'DB_URL = "postgresql://%(user)s:%(password)s@%(host)s/shop"',
      ].join("\n"),
    },
    {
      name: "Express config from process.env, field names, labels and type annotations",
      path: "src/config.ts",
      code: [
        "export const config = {",
        '  jwtSecret: process.env.JWT_SECRET ?? "",',
        "  db: { password: process.env.DB_PASSWORD },",
        '  passwordField: "password",',
        '  tokenHeader: "x-auth-token",',
        "};",
        "export interface LoginForm { username: string; password: string; apiKey?: string }",
        'export const loginLabel = { label: "Password", placeholder: "Enter your password" };',
        'export const nextPageToken = "CAUQAA";',
      ].join("\n"),
    },
    {
      name: "docker-compose.yml with variable substitution and URLs without passwords",
      path: "docker-compose.yml",
      code: [
        "services:",
        "  db:",
        "    environment:",
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}",
        "  web:",
        "    environment:",
        "      DATABASE_URL: postgres://shop:${POSTGRES_PASSWORD}@db:5432/shop",
        "      REDIS_URL: redis://redis:6379/0",
        "      CACHE_URL: memcached://cache@cache:11211",
      ].join("\n"),
    },
    {
      name: ".env full of placeholders",
      path: ".env",
      code: [
        "SECRET_KEY=changeme",
        "API_KEY=<your-api-key>",
        "DB_PASSWORD=your_password_here",
        `GITHUB_TOKEN=ghp_${"x".repeat(36)}`,
        "STRIPE_KEY=",
        "ADMIN_PASSWORD=***",
        "AUTH_TOKEN=xxxxxxxx",
        "SMTP_PASSWORD=$SMTP_PASSWORD_FROM_VAULT",
        "JWT_SECRET=dummy",
        "REDIS_PASSWORD=change-me",
        "CLIENT_SECRET=placeholder",
      ].join("\n"),
    },
    {
      name: "GitHub workflow using secrets and the job token",
      path: ".github/workflows/deploy.yml",
      code: [
        "jobs:",
        "  deploy:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: docker/login-action@v3",
        "        with:",
        "          username: ${{ secrets.DOCKERHUB_USER }}",
        "          password: ${{ secrets.DOCKERHUB_TOKEN }}",
        "      - uses: actions/checkout@v4",
        "        with:",
        "          token: ${{ github.token }}",
      ].join("\n"),
    },
    {
      name: "Terraform taking the password from a variable",
      path: "infra/main.tf",
      code: [
        'variable "db_password" {',
        "  type      = string",
        "  sensitive = true",
        "}",
        'resource "aws_db_instance" "main" {',
        '  username = "admin"',
        "  password = var.db_password",
        "  manage_master_user_password = true",
        "}",
      ].join("\n"),
    },
    {
      name: "application.properties with placeholders",
      path: "src/main/resources/application.properties",
      code: [
        "spring.datasource.url=jdbc:postgresql://db:5432/orders",
        "spring.datasource.password=${DB_PASSWORD}",
        "app.jwt.secret=${JWT_SECRET:}",
        "management.endpoints.web.exposure.include=health",
      ].join("\n"),
    },
    {
      name: "short, low-entropy values in a test file",
      path: "tests/test_login.py",
      code: [
        "def test_login(client):",
        '    response = client.post("/login", data={"username": "alice", "password": "hunter2"})',
        "    assert response.status_code == 200",
        '    user = User(password="correct-horse")',
        'API_KEY = "test-key-123"',
      ].join("\n"),
    },
    {
      name: "AWS documentation example keys",
      path: "docs/aws.md",
      code: ["aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"].join("\n"),
    },
    {
      name: "URLs with a user but no password, or an interpolated one",
      path: "src/db.ts",
      code: [
        'const primary = "postgres://app@db.internal:5432/app";',
        "const replica = `postgres://app:${process.env.DB_PASSWORD}@replica:5432/app`;",
        'const cache = "redis://localhost:6379";',
        'const docs = "https://user@git.internal/path";',
      ].join("\n"),
    },
    {
      name: "Python annotations, defaults, comparisons and names as values",
      path: "app/auth.py",
      code: [
        "from dataclasses import dataclass",
        "",
        "@dataclass",
        "class Credentials:",
        "    username: str",
        "    password: str",
        "    api_key: str | None = None",
        "",
        'def login(password: str = "") -> bool:',
        '    if password == "":',
        "        return False",
        '    form.password.label = "Password"',
        '    password_field = "password"',
        "    return check(password, secret_key=settings.SECRET_KEY)",
      ].join("\n"),
    },
    {
      name: "translations of the word password",
      path: "locales/de.json",
      code: [
        "{",
        '  "login": {',
        '    "username": "Benutzername",',
        '    "password": "Passwort",',
        '    "forgot_password": "Passwort vergessen?"',
        "  }",
        "}",
      ].join("\n"),
    },
    {
      name: "code that checks for a PEM header holds no key",
      path: "app/keys.py",
      code: ["def is_rsa(pem: str) -> bool:", `    return pem.startswith("${BEGIN("RSA PRIVATE KEY")}")`].join("\n"),
    },
    {
      name: "shell script reading secrets from vault and the environment",
      path: "scripts/migrate.sh",
      code: [
        "#!/usr/bin/env bash",
        'export DB_PASSWORD="$(vault kv get -field=password secret/shop/db)"',
        'PGPASSWORD="$DB_PASSWORD" psql -h db -U shop',
        "API_TOKEN=$(cat /run/secrets/api_token)",
      ].join("\n"),
    },
    {
      name: "Kubernetes deployment referring to a Secret",
      path: "k8s/deployment.yaml",
      code: [
        "env:",
        "  - name: DB_PASSWORD",
        "    valueFrom:",
        "      secretKeyRef:",
        "        name: db-credentials",
        "        key: password",
      ].join("\n"),
    },
    {
      name: "an eyJ string whose payload is not JSON is not a JWT",
      path: "src/marker.ts",
      code: `export const marker = "eyJ${fake(20, 21)}.eyJ${fake(30, 22)}.${fake(20, 23)}";\n`,
    },
    {
      name: ".env.example with local development defaults",
      path: ".env.example",
      code: ["DB_PASSWORD=postgres", "REDIS_URL=redis://:devpass@localhost:6379/0"].join("\n"),
    },
    {
      name: "OpenAPI security scheme named api_key",
      path: "openapi.yaml",
      code: ["components:", "  securitySchemes:", "    api_key:", "      type: apiKey", "      name: X-API-Key", "      in: header"].join("\n"),
    },
    {
      name: "Authorization headers built from variables, and a .netrc reading from the environment",
      path: "scripts/api.sh",
      code: [
        'curl -H "Authorization: Bearer $API_TOKEN" https://api.example.dev/v1/me',
        'curl -H "Authorization: Bearer ${{ secrets.API_TOKEN }}" https://api.example.dev/v1/me',
        "fetch(url, { headers: { Authorization: `Bearer ${token}` } })",
        'printf "machine api.example.dev login ci password %s\\n" "$API_TOKEN" > ~/.netrc',
      ].join("\n"),
    },
    {
      name: "slugs and CSS names starting with sk-",
      path: "src/styles.ts",
      code: 'export const spinner = "sk-spinner-fading-circle-with-a-long-name-for-tests";\n',
    },
  ],
});

describe(`${RULE} messages`, () => {
  it("never print a secret whole", async () => {
    const secrets = [GHP, JWT, "Tr0ub4dor&3", "s3cr3t-Pa55"];
    const code = [`token = "${GHP}"`, `auth = "${JWT}"`, 'PASSWORD = "Tr0ub4dor&3"', 'url = "postgres://u:s3cr3t-Pa55@db/x"'].join("\n");
    const findings = await findingsFor(RULE, { name: "all", code, path: "app/conf.py" });
    expect(findings).toHaveLength(4);
    for (const f of findings) for (const s of secrets) expect(f.message).not.toContain(s);
  });
});

// Each format is named by its own pattern, not caught by the generic secret-name check.
describe(`${RULE} names the kind of secret`, () => {
  const kinds: [string, string, string, string][] = [
    ["AWS access key id", `aws_key = "AKIA${fake(16, 24, UPPER)}"`, "app/a.py", "An AWS access key ID (AKIA…)"],
    ["AWS secret access key", `aws_secret_access_key = ${fake(40, 25, ALNUM + "+/")}`, "home/.aws/credentials", "An AWS secret access key"],
    ["GitHub fine-grained token", `t = "github_pat_${fake(22, 26)}_${fake(59, 27)}"`, "app/a.py", "A GitHub fine-grained personal access token (gith…)"],
    ["GitHub installation token", `t = "ghs_${fake(36, 28)}"`, "app/a.py", "A GitHub App installation token (ghs_…)"],
    ["Slack user token", `hook = "xoxp-${fake(10, 29, "0123456789")}-${fake(24, 30)}"`, "app/a.py", "A Slack token (xoxp…)"],
    ["Slack webhook", `hook = "https://hooks.slack.com/services/T${fake(9, 31, UPPER)}/B${fake(9, 32, UPPER)}/${fake(24, 33)}"`, "app/a.py", "A Slack incoming-webhook URL"],
    ["Stripe restricted key", `k = "rk_live_${fake(30, 34)}"`, "app/a.py", "A Stripe live restricted key (rk_l…)"],
    ["Google API key", `k = "AIza${fake(35, 35, ALNUM + "-_")}"`, "app/a.py", "A Google API key (AIza…)"],
    ["OpenAI key", `k = "sk-${fake(48, 36)}"`, "app/a.py", "An OpenAI API key (sk-"],
    ["GitLab token", `k = "glpat-${fake(20, 37)}"`, "app/a.py", "A GitLab personal access token (glpa…)"],
    ["OpenSSH private key", `-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY[0]}`, "deploy/id_ed25519", "A private key (BEGIN OPENSSH PRIVATE KEY)"],
    ["connection-string parameter", "const cs = \"Host=db;Username=app;Password=Np9-Sql-Pw;\";", "src/db.ts", "Password is assigned a hard-coded password (Np…)"],
    ["XML element", "  <db.password>Xq7-Maven-Pw</db.password>", "pom.xml", "db.password is assigned a hard-coded password"],
    ["Kubernetes stringData", `  api-key: ${fake(32, 38)}`, "k8s/s.yaml", "api-key is assigned a hard-coded API key"],
    ["camelCase client secret", 'const client = { clientSecret: "Zp4!qR8@wT2#vY6" };', "src/auth.ts", "clientSecret is assigned a hard-coded client secret (Zp4…)"],
    ["Dockerfile ENV", 'ENV DB_PASSWORD=Dock3r-Pw-99', "Dockerfile", "DB_PASSWORD is assigned a hard-coded password"],
    ["CLI flag", '  --password=Cl1-Flag-Pw \\', "scripts/run.sh", "password is assigned a hard-coded password"],
    ["GitLab deploy token", `t = "gldt-${fake(20, 39)}"`, "app/a.py", "A GitLab deploy, runner or trigger token (gldt…)"],
    ["Hugging Face token", `HF_TOKEN = "hf_${fake(34, 40)}"`, "app/a.py", "A Hugging Face access token (hf_"],
    ["SendGrid key", `k = "SG.${fake(22, 41, ALNUM + "-_")}.${fake(43, 42, ALNUM + "-_")}"`, "app/a.py", "A SendGrid API key (SG."],
    ["PyPI token", `password = pypi-AgEIcHlwaS5vcmc${fake(60, 43, ALNUM + "-_")}`, ".pypirc", "A PyPI API token (pypi…)"],
    ["Docker Hub token", `DOCKER_PAT=dckr_pat_${fake(27, 44, ALNUM + "-_")}`, "deploy/.env.ci", "A Docker Hub access token (dckr…)"],
    ["Shopify token", `k = "shpat_${fake(32, 45, "0123456789abcdef")}"`, "app/a.py", "A Shopify access token (shpa…)"],
    ["DigitalOcean token", `k = "dop_v1_${fake(64, 46, "0123456789abcdef")}"`, "app/a.py", "A DigitalOcean token (dop_…)"],
    ["bearer token in a curl header", `curl -H "Authorization: Bearer ${fake(32, 47)}" https://api.example.dev/v1/me`, "scripts/me.sh", "A bearer credential in an Authorization header"],
    ["Basic credentials in a headers object", `const headers = { Authorization: "Basic ${Buffer.from("svc:" + fake(16, 48)).toString("base64")}" };`, "src/client.ts", "A Basic credential in an Authorization header"],
    [".netrc entry", `machine api.heroku.com login ops@example.com password ${fake(24, 49)}`, "home/.netrc", "password is assigned a hard-coded password"],
  ];
  it.each(kinds)("%s", async (_label, code, path, message) => {
    const findings = await findingsFor(RULE, { name: "kind", code, path });
    expect(findings.map((f) => f.message.slice(0, message.length))).toEqual([message]);
  });
});

// A catastrophic pattern would hang here; finishing is the assertion.
describe(`${RULE} on hostile 100 KB lines`, () => {
  const N = 100_000;
  const inputs: [string, string][] = [
    ["letters", "a".repeat(N)],
    ["equals", "=".repeat(N)],
    ["colons", ":".repeat(N)],
    ["at signs", "@".repeat(N)],
    ["backslashes", "\\".repeat(N)],
    ["quotes", '"'.repeat(N)],
    ["GitHub prefix and a run", "ghp_" + "A".repeat(N)],
    ["repeated GitHub prefixes", "ghp_".repeat(N / 4)],
    ["fine-grained prefix", "github_pat_" + "A".repeat(N)],
    ["AWS prefixes", "AKIA".repeat(N / 4)],
    ["Slack", "xoxb-" + "1".repeat(N)],
    ["Slack dashes", "xoxb-1234567-".repeat(N / 13)],
    ["OpenAI prefix", "sk-" + "a".repeat(N)],
    ["repeated sk-", "sk-".repeat(N / 3)],
    ["JWT header runs", "eyJ".repeat(N / 3)],
    ["JWT segments", "eyJabcdefgh.".repeat(N / 12)],
    ["PEM words", "-----BEGIN " + "A ".repeat(N / 2)],
    ["URL user runs", "postgres://" + "a:".repeat(N / 2)],
    ["URL schemes", "ab://".repeat(N / 5)],
    ["URL credentials", "a:b@".repeat(N / 4)],
    ["assignments", "password=".repeat(N / 9)],
    ["quoted assignments", 'password="'.repeat(N / 10)],
    ["dashes", "a-".repeat(N / 2)],
    ["dots", "a.".repeat(N / 2)],
    ["spaces then colon", " ".repeat(N) + ":"],
    ["XML tags", "<a>".repeat(N / 3)],
    ["percent", "%".repeat(N)],
    ["short generic-length assignments", 'password: "'.repeat(360)],
    ["short generic-length names", "a_".repeat(1999) + "=x"],
  ];
  it.each(inputs)("%s", async (_name, line) => {
    const findings = await findingsFor(RULE, { name: "hostile", code: line, path: "config/app.env" });
    expect(Array.isArray(findings)).toBe(true);
  });
});

const HEX = "0123456789abcdef";
const DIGITS = "0123456789";
const B64 = ALNUM + "+/";
const uuid = (s: number) => `${fake(8, s, HEX)}-${fake(4, s + 1, HEX)}-4${fake(3, s + 2, HEX)}-a${fake(3, s + 3, HEX)}-${fake(12, s + 4, HEX)}`;
const discordBot = () => `${Buffer.from("8" + fake(17, 71, DIGITS)).toString("base64")}.${fake(6, 72, ALNUM + "-_")}.${fake(38, 73, ALNUM + "-_")}`;

// Provider formats (src/knowledge/token-formats.ts), each in the file an agent would put it in.
ruleTester(RULE, {
  invalid: [
    {
      name: "near the token-type and example exemptions: real-looking values stay secrets",
      path: "examples/deploy/settings.py",
      code: [
        "AWS_ACCESS_KEY_ID = 'AKIAQ4ZL7XR2M9WBN3TE'",
        "token = 'f9a8c7b6e5d4c3b2a1f0e9d8'",
      ].join("\n"),
      errors: [{ messageId: "token", line: 1 }, { messageId: "assignment", line: 2 }],
    },
    {
      name: "a weak word as a JWT secret, a bare token with digits or as a word, a selector-like password stay secrets",
      path: "src/config.py",
      code: ["JWT_SECRET = 'mysecretkey'", "token = 'ghost42token99'", "token = 'supersecrettoken'", "DB_PASSWORD = '#hunter2pass'"].join("\n"),
      errors: [{ messageId: "assignment", line: 1 }, { messageId: "assignment", line: 2 }, { messageId: "assignment", line: 3 }, { messageId: "assignment", line: 4 }],
    },
    {
      name: "near the markers: a credentials value and tokens without spaces stay secrets",
      path: "src/clients/billing.ts",
      code: [
        'const credentials = "Zq8rT2mWx7Lp";',
        'this.sessionToken = "f3a9c2e1b7d04e5f9a1c";',
        'const refreshToken = "rt_9Xk2LmQ7vB4nW8pZ";',
      ].join("\n"),
      errors: [{ messageId: "assignment", line: 1 }, { messageId: "assignment", line: 2 }, { messageId: "assignment", line: 3 }],
    },
    {
      name: ".npmrc: an _authToken for the registry and a legacy _auth pair",
      path: ".npmrc",
      code: [
        "registry=https://registry.npmjs.org/",
        `//registry.npmjs.org/:_authToken=${fake(36, 60)}`,
        "@acme:registry=https://npm.pkg.github.com",
        `_auth=${Buffer.from("ci-bot:" + fake(20, 61)).toString("base64")}`,
        "always-auth=true",
      ].join("\n"),
      errors: [{ messageId: "npmrc", line: 2 }, { messageId: "npmrc", line: 4 }],
      messageIncludes: ["`_authToken` in this .npmrc is a hard-coded registry credential"],
    },
    {
      name: "Node notifier config: Slack app token, Telegram bot, Discord and Teams webhooks",
      path: "src/notify/config.ts",
      code: [
        "export const channels = {",
        `  slack: { appToken: "xapp-1-A0${fake(9, 62, UPPER)}-${fake(13, 63, DIGITS)}-${fake(64, 64, HEX)}" },`,
        `  telegram: { bot: new Telegraf("${fake(10, 65, DIGITS)}:AA${fake(33, 66, ALNUM + "-_")}") },`,
        `  discord: "https://discord.com/api/webhooks/1${fake(18, 67, DIGITS)}/${fake(68, 68, ALNUM + "-_")}",`,
        `  teams: "https://acme.webhook.office.com/webhookb2/${uuid(70)}@${uuid(75)}/IncomingWebhook/${fake(32, 80, HEX)}/${uuid(81)}",`,
        "};",
      ].join("\n"),
      errors: [{ messageId: "token", line: 2 }, { messageId: "token", line: 3 }, { messageId: "token", line: 4 }, { messageId: "token", line: 5 }],
      messageIncludes: ["A Slack app-level token (xapp…)"],
    },
    {
      name: "Flask settings: Twilio API key SID and auth token, Mailchimp and Mailgun keys",
      path: "app/settings.py",
      code: [
        "import os",
        `TWILIO_API_KEY = "SK${fake(32, 90, HEX)}"`,
        `TWILIO_AUTH_TOKEN = "${fake(32, 91, HEX)}"`,
        `MAILCHIMP_API_KEY = "${fake(32, 92, HEX)}-us21"`,
        `MAILGUN_API_KEY = "key-${fake(32, 93, HEX)}"`,
        'MAIL_DEFAULT_SENDER = os.environ.get("MAIL_SENDER", "noreply@acme.io")',
      ].join("\n"),
      errors: [{ messageId: "token", line: 2 }, { messageId: "token", line: 3 }, { messageId: "token", line: 4 }, { messageId: "token", line: 5 }],
      messageIncludes: ["A Twilio API key SID (SK"],
    },
    {
      name: ".env of a payments service: Square, Braintree, Onfido, Snyk and Heroku",
      path: "services/payments/.env",
      code: [
        `SQUARE_ACCESS_TOKEN=EAAA${fake(60, 100, ALNUM + "-_")}`,
        `BRAINTREE_ACCESS_TOKEN=access_token$production$${fake(16, 101, "abcdefghijklmnopqrstuvwxyz0123456789")}$${fake(32, 102, HEX)}`,
        `ONFIDO_API_TOKEN=api_live.${fake(11, 103, ALNUM + "-_")}.${fake(32, 104, ALNUM + "-_")}`,
        `SNYK_TOKEN=${uuid(105)}`,
        `HEROKU_API_KEY=${uuid(110)}`,
        "PORT=8080",
      ].join("\n"),
      errors: [1, 2, 3, 4, 5].map((line) => ({ messageId: "token", line })),
      messageIncludes: ["A Square access token (EAAA…)"],
    },
    {
      name: "GitLab CI: Artifactory, SonarQube, Vault and New Relic tokens written into variables",
      path: ".gitlab-ci.yml",
      code: [
        "variables:",
        `  ARTIFACTORY_API_KEY: AKCp${fake(69, 120)}`,
        `  SONAR_TOKEN: squ_${fake(40, 121, HEX)}`,
        `  VAULT_TOKEN: hvs.${fake(95, 122, ALNUM + "_-")}`,
        `  NEW_RELIC_API_KEY: NRAK-${fake(27, 123, UPPER)}`,
        "build:",
        "  script: [make build]",
      ].join("\n"),
      errors: [2, 3, 4, 5].map((line) => ({ messageId: "token", line })),
      messageIncludes: ["An Artifactory API key (AKCp…)"],
    },
    {
      name: "ASP.NET appsettings.json: an Azure Storage connection string and an Entra ID client secret",
      path: "src/Api/appsettings.json",
      code: [
        "{",
        `  "Storage": "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${fake(86, 130, B64)}==;EndpointSuffix=core.windows.net",`,
        `  "AzureAd": { "ClientId": "${uuid(131)}", "ClientSecret": "${fake(3, 136)}8Q~${fake(34, 137, ALNUM + "_~.-")}" }`,
        "}",
      ].join("\n"),
      errors: [{ messageId: "token", line: 2 }, { messageId: "token", line: 3 }],
      messageIncludes: ["An Azure Storage account key (Acco…)"],
    },
    {
      name: "Dockerfile: a root password set from a committed crypt hash",
      path: "images/bastion/Dockerfile",
      code: [
        "FROM debian:12-slim",
        `RUN echo 'root:$6$${fake(16, 140, ALNUM + "./")}$${fake(86, 141, ALNUM + "./")}' | chpasswd -e`,
        "USER nobody",
      ].join("\n"),
      errors: [{ messageId: "shadow", line: 2 }],
      messageIncludes: ["A crypt(3) password hash for `root`"],
    },
    {
      name: "a committed shadow file and an .htpasswd",
      path: "deploy/rootfs/etc/shadow",
      code: [
        "root:*:19700:0:99999:7:::",
        `deploy:$y$j9T$${fake(22, 142, ALNUM + "./")}$${fake(43, 143, ALNUM + "./")}:19700:0:99999:7:::`,
        "nobody:!:19700::::::",
      ].join("\n"),
      errors: [{ messageId: "shadow", line: 2 }],
    },
    {
      name: "Ansible: a user's password set from a committed sha512-crypt hash",
      path: "playbooks/users.yml",
      code: [
        "- name: create the deploy user",
        "  ansible.builtin.user:",
        "    name: deploy",
        `    password: "$6$${fake(16, 145, ALNUM + "./")}$${fake(86, 146, ALNUM + "./")}"`,
        "    shell: /bin/bash",
      ].join("\n"),
      errors: [{ messageId: "shadow", line: 4 }],
    },
    {
      name: "Prisma seed: an admin user with a bcrypt hash (a warning)",
      path: "prisma/seed.ts",
      code: [
        'import { PrismaClient } from "@prisma/client";',
        "const prisma = new PrismaClient();",
        "await prisma.user.create({",
        `  data: { email: "admin@acme.io", role: "ADMIN", passwordHash: "$2b$12$${fake(53, 144, ALNUM + "./")}" },`,
        "});",
      ].join("\n"),
      errors: [{ messageId: "passwordHash", line: 4, severity: "warning" }],
    },
    {
      name: "~/.aws/credentials copied into the repository: key pair and session token",
      path: "deploy/aws-credentials",
      code: [
        "[default]",
        `aws_access_key_id = ASIA${fake(16, 150, UPPER)}`,
        `aws_secret_access_key = ${fake(40, 151, B64)}`,
        `aws_session_token = IQoJb3JpZ2luX2VjE${fake(300, 152, B64)}`,
      ].join("\n"),
      errors: [2, 3, 4].map((line) => ({ messageId: "token", line })),
    },
  ],
  valid: [
    {
      name: "an editor mode's token types (Ace, minified)",
      path: "static/js/ace/mode-c_cpp.js",
      code: 'this.$rules={start:[{token:"comment",regex:"\\/\\/.*$"},{token:"constant",regex:"<[a-zA-Z0-9.]+>"},{token:"keyword.operator",regex:"!|\\$"},{token:"identifier",regex:"[a-z]+"}]};',
    },
    {
      name: "Bootstrap's event namespace and a selector",
      path: "static/libs/bootstrap/javascripts/bootstrap.bundle.js",
      code: ["  var DATA_API_KEY = '.data-api';", "  var SELECTOR_DATA_TOGGLE_KEY = '#login-form';"].join("\n"),
    },
    {
      name: "Django test settings with a change-this placeholder",
      path: "hyperkitty/tests/settings_test.py",
      code: "SECRET_KEY = 'change-this-on-your-production-server'",
    },
    {
      name: "an examples/ settings file with the sample passwords of its documentation",
      path: "usr/share/doc/python3-django-hyperkitty/examples/settings.py",
      code: [
        "SECRET_KEY = 'change-this-on-your-production-server'",
        "MAILMAN_REST_API_PASS = 'restpass'",
        "DATABASES = {",
        "    'default': {",
        "        'PASSWORD': 'hkpass',",
        "    },",
        "}",
      ].join("\n"),
    },
    {
      name: "fetch's credentials modes and tokens that are markers with spaces in them (Babylon.js, Emscripten output)",
      path: "src/loaders/wasm.js",
      code: [
        'return fetch(wasmBinaryFile, { credentials: "same-origin" }).then((r) => r.arrayBuffer());',
        "const res = await fetch(url, { credentials: 'include', mode: 'cors' });",
        'const opts = { credentials: "omit" };',
        'this.inlineToken = "#define inline";',
        'const END_TOKEN = "end of stream";',
        'const csvToken = "; separated values";',
      ].join("\n"),
    },
    {
      name: "placeholders of every style in a .env: xxxx, <your-key>, changeme, ${VAR}",
      path: ".env",
      code: [
        "SLACK_BOT_TOKEN=xoxb-xxxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx",
        "STRIPE_SECRET_KEY=<your-stripe-secret-key>",
        "TWILIO_AUTH_TOKEN=changeme",
        "DATADOG_API_KEY=${DD_API_KEY}",
        "SENDGRID_API_KEY=your-sendgrid-api-key-here",
        "MAILCHIMP_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us21",
      ].join("\n"),
    },
    {
      name: "GitHub workflow and Helm chart: secrets and values referenced, never written",
      path: ".github/workflows/notify.yml",
      code: [
        "jobs:",
        "  notify:",
        "    runs-on: ubuntu-latest",
        "    env:",
        "      SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}",
        "      SONAR_TOKEN: ${{ secrets.SONAR_TOKEN }}",
        "      NPM_TOKEN: '{{ .Values.npmToken }}'",
        "    steps:",
        "      - run: ./notify.sh",
      ].join("\n"),
    },
    {
      name: "AWS's documented example key pair in a README",
      path: "docs/aws.md",
      code: [
        "Configure the CLI:",
        "```",
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "```",
      ].join("\n"),
    },
    {
      name: ".npmrc that reads its token from the environment",
      path: ".npmrc",
      code: ["registry=https://registry.npmjs.org/", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}", "engine-strict=true"].join("\n"),
    },
    {
      name: "public identifiers and test-mode keys: a Google OAuth client ID, a Twilio Account SID, Stripe test and Onfido sandbox keys",
      path: "src/public-config.ts",
      code: [
        `export const GOOGLE_CLIENT_ID = "${fake(12, 160, DIGITS)}-${fake(32, 161, "abcdefghijklmnopqrstuvwxyz0123456789")}.apps.googleusercontent.com";`,
        `export const TWILIO_ACCOUNT_SID = "AC${fake(32, 162, HEX)}";`,
        `export const stripeKey = "sk_test_${fake(24, 163)}";`,
        `export const onfido = "api_sandbox.${fake(11, 164)}.${fake(32, 165)}";`,
      ].join("\n"),
    },
    {
      name: "documentation samples: Telegram's example token, a Teams webhook with placeholders, Discord's template",
      path: "docs/integrations.md",
      code: [
        "Create a bot with @BotFather; it answers with a token like `123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11`.",
        "Teams: `https://acme.webhook.office.com/webhookb2/<group-id>@<tenant-id>/IncomingWebhook/<hook-id>/<owner-id>`",
        "Discord: `https://discord.com/api/webhooks/{webhook.id}/{webhook.token}`",
        "Square: set SQUARE_ACCESS_TOKEN=EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      ].join("\n"),
    },
    {
      name: "bcrypt hashes in test fixtures and a hash-format regex in code",
      path: "tests/fixtures/users.json",
      code: `[{ "email": "a@example.com", "password": "$2b$12$${fake(53, 166, ALNUM + "./")}" }]`,
    },
    {
      name: "code that matches hash formats and counts bcrypt rounds, no hash written",
      path: "src/auth/hash.ts",
      code: [
        "const BCRYPT = /^\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$/;",
        'export const prefix = "$2b$12$";',
        "export const isBcrypt = (h: string) => BCRYPT.test(h);",
        'const line = `${user}:${hash}:${lastChange}:0:99999:7:::`;',
      ].join("\n"),
    },
  ],
});

describe(`${RULE}: every provider format is in the rule's table`, () => {
  it("lists each provider of src/knowledge/token-formats.ts in the YAML", async () => {
    const { TOKEN_FORMATS, KEYED_FORMATS } = await import("../../../src/knowledge/token-formats.js");
    const { readFileSync } = await import("node:fs");
    const yaml = readFileSync("rules/verifiers/any/hardcoded-credentials.yml", "utf8");
    const providers = new Set([...TOKEN_FORMATS, ...KEYED_FORMATS].map((f) => f.provider));
    expect([...providers].filter((p) => !yaml.includes(`| ${p} |`))).toEqual([]);
    expect(providers.size).toBeGreaterThanOrEqual(40);
  });
});

describe(`${RULE}: more provider formats`, () => {
  const more: [string, string, string, string][] = [
    ["Linear API key", `LINEAR_API_KEY=lin_api_${fake(40, 170)}`, "ops/.env.production", "A Linear API key (lin_…)"],
    ["Dropbox short-lived token", `const dbx = new Dropbox({ accessToken: "sl.${fake(140, 171, ALNUM + "-_")}" });`, "src/sync.ts", "A Dropbox access token (sl."],
    ["Postman API key", `POSTMAN_API_KEY = "PMAK-${fake(24, 172, HEX)}-${fake(34, 173, HEX)}"`, "scripts/collections.py", "A Postman API key"],
    ["Grafana service account token", `  token: glsa_${fake(32, 174)}_${fake(8, 175, HEX)}`, "deploy/grafana.yaml", "A Grafana service account token"],
    ["Doppler service token", `DOPPLER_TOKEN=dp.st.prd.${fake(43, 176)}`, "deploy/run.sh", "A Doppler token"],
    ["Pulumi token", `PULUMI_ACCESS_TOKEN: pul-${fake(40, 177, HEX)}`, "ci/pulumi.yml", "A Pulumi access token"],
    ["Supabase access token", `SUPABASE_ACCESS_TOKEN = "sbp_${fake(40, 178, HEX)}"`, "tools/migrate.py", "A Supabase access token"],
    ["Sentry user token", `  authToken: "sntryu_${fake(64, 179, HEX)}",`, "sentry.config.js", "A Sentry auth token"],
    ["Mapbox secret token", `MAPBOX_DOWNLOADS_TOKEN=sk.eyJ${fake(60, 180)}.${fake(22, 181)}`, "android/gradle.properties", "A Mapbox secret token"],
    ["Figma token", `headers: { "X-Figma-Token": "figd_${fake(40, 182, ALNUM + "-_")}" },`, "scripts/tokens.ts", "A Figma personal access token"],
    ["Buildkite token", `BUILDKITE_API_TOKEN=bkua_${fake(40, 183, HEX)}`, ".buildkite/env", "A Buildkite API token"],
    ["Airtable token", `base = Api("pat${fake(14, 184)}.${fake(64, 185, HEX)}")`, "etl/airtable.py", "An Airtable personal access token"],
    ["Tailscale auth key", `TS_AUTHKEY=tskey-auth-k${fake(10, 186)}CNTRL-${fake(30, 187)}`, "deploy/tailscale.env", "A Tailscale key"],
    ["age secret key", `AGE-SECRET-KEY-1${fake(58, 188, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")}`, "secrets/key.txt", "An age secret key"],
    ["Atlassian token", `JIRA_API_TOKEN = "ATATT3${fake(186, 189, ALNUM + "_-")}"`, "bots/jira.py", "An Atlassian API token"],
    ["Terraform Cloud token", `  token = "${fake(14, 190)}.atlasv1.${fake(67, 191)}"`, "infra/.terraformrc", "A Terraform Cloud API token"],
    ["RubyGems key", `:rubygems_api_key: rubygems_${fake(48, 192, HEX)}`, ".gem/credentials", "A RubyGems API key"],
    ["Google OAuth client secret", `GOOGLE_CLIENT_SECRET = "GOCSPX-${fake(28, 193, ALNUM + "-_")}"`, "app/oauth.py", "A Google OAuth client secret"],
    ["GitLab runner registration token", `  registration-token: GR1348941${fake(20, 194, ALNUM + "_-")}`, "ci/runner.yml", "A GitLab runner registration token"],
    ["Cloudflare token by name", `CLOUDFLARE_API_TOKEN=${fake(40, 195, ALNUM + "_-")}`, "infra/.env.prod", "A Cloudflare API token"],
    ["Datadog API key by name", `  DD_API_KEY: ${fake(32, 196, HEX)}`, "k8s/datadog-agent.yaml", "A Datadog API key"],
    ["Heroku key, new format", `HEROKU_API_KEY=HRKU-AA${fake(58, 197, ALNUM + "_-")}`, "ci/deploy.env", "A Heroku API key"],
    ["New Relic license key", `license_key: ${fake(36, 198, HEX)}NRAL`, "newrelic.yml", "A New Relic license key"],
    ["Discord bot token", `client.login("${discordBot()}");`, "bot/index.js", "A Discord bot token"],
    ["Slack workflow webhook", `SLACK_URL = "https://hooks.slack.com/workflows/T${fake(9, 199, UPPER)}/A${fake(9, 200, UPPER)}/${fake(18, 201, DIGITS)}/${fake(24, 202)}"`, "ops/alert.py", "A Slack incoming-webhook URL"],
    ["Square OAuth secret", `square_secret = "sq0csp-${fake(43, 203, ALNUM + "-_")}"`, "pay/config.rb", "A Square OAuth secret or legacy access token"],
    ["Outlook connector webhook", `url: https://outlook.office.com/webhook/${uuid(204)}@${uuid(209)}/IncomingWebhook/${fake(32, 214, HEX)}/${uuid(215)}`, "alerts.yml", "A Microsoft Teams or Outlook incoming-webhook URL"],
    ["Braintree private key by name", `BRAINTREE_PRIVATE_KEY = "${fake(32, 220, HEX)}"`, "shop/settings.py", "A Braintree private key"],
  ];
  it.each(more)("%s", async (_label, code, path, message) => {
    const findings = await findingsFor(RULE, { name: "kind", code, path });
    expect(findings.map((f) => f.message.slice(0, message.length))).toEqual([message]);
  });
});
