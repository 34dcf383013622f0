import { ruleTester } from "../../support/rule-tester.js";

ruleTester("any/secret-on-command-line", {
  invalid: [
    {
      name: "backup script: mysqldump -p with a variable and psql with a password in the URL",
      path: "scripts/backup.sh",
      code: [
        "#!/usr/bin/env bash",
        "set -euo pipefail",
        'mysqldump -u backup -p"$MYSQL_PASSWORD" --single-transaction shop > /backups/shop.sql',
        'psql "postgresql://report:${REPORT_PW}@db.internal:5432/analytics" -c "\\copy sales TO sales.csv CSV"',
        "gzip /backups/shop.sql",
      ].join("\n"),
      errors: [{ messageId: "mysql", line: 3 }, { messageId: "generic", line: 4 }],
      messageIncludes: ["mysqldump gets its password on the command line (-p<password>, in a script)"],
    },
    {
      name: "deploy script: curl -u user:token and sshpass -p",
      path: "deploy/release.sh",
      code: [
        "#!/bin/sh",
        'curl -fsS -u "deploy:$NEXUS_TOKEN" --upload-file dist/app.tgz https://nexus.internal/repository/releases/',
        'sshpass -p "$SSH_PASS" scp dist/app.tgz deploy@web1:/srv/releases/',
      ].join("\n"),
      errors: [{ messageId: "curl", line: 2 }, { messageId: "sshpass", line: 3 }],
      messageIncludes: ["curl gets credentials on the command line (-u user:password, in a script)"],
    },
    {
      name: "workflow: docker login -p with a secret and a token in a git remote URL",
      path: ".github/workflows/publish.yml",
      code: [
        "on: push",
        "jobs:",
        "  publish:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: docker login -u acme -p ${{ secrets.DOCKERHUB_TOKEN }}",
        "      - run: git push https://x-access-token:${{ secrets.BOT_TOKEN }}@github.com/acme/site.git HEAD:gh-pages",
      ].join("\n"),
      errors: [{ messageId: "docker", line: 6 }, { messageId: "generic", line: 7 }],
      messageIncludes: ["docker login gets the password on the command line (-p <password>, in a run:)", "--password-stdin"],
    },
    {
      name: "Dockerfile RUN with a literal MySQL password (kept in the image history)",
      path: "Dockerfile",
      code: ["FROM mysql:8.4", "COPY schema.sql /tmp/", "RUN mysql -uroot -pR00tPassw0rd < /tmp/schema.sql"].join("\n"),
      errors: [{ messageId: "mysql", line: 3 }],
    },
    {
      name: "Makefile: --password option, redis-cli -a and openssl -passin pass:",
      path: "Makefile",
      code: [
        "seed:",
        "\tmongoimport --username admin --password $(MONGO_PASSWORD) --db shop --file seed.json",
        "\tredis-cli -h cache -a $(REDIS_PASSWORD) FLUSHALL",
        "\topenssl pkcs12 -export -in cert.pem -inkey key.pem -out cert.p12 -passout pass:$(P12_PASSWORD)",
      ].join("\n"),
      errors: [
        { messageId: "generic", line: 2 },
        { messageId: "generic", line: 3 },
        { messageId: "generic", line: 4 },
      ],
      messageIncludes: ["mongoimport gets a password on the command line (--password <password>, in a recipe)"],
    },
    {
      name: "GitLab CI helm registry login with --password=",
      path: ".gitlab-ci.yml",
      code: ["publish:", "  script:", '    - helm registry login registry.example.dev --username ci --password="$CI_REGISTRY_PASSWORD"'].join("\n"),
      errors: [{ messageId: "docker", line: 3 }],
    },
  ],
  valid: [
    {
      name: "passwords through the environment, files and stdin",
      path: "scripts/backup.sh",
      code: [
        "#!/usr/bin/env bash",
        'MYSQL_PWD="$MYSQL_PASSWORD" mysqldump -u backup shop > shop.sql',
        'PGPASSWORD="$REPORT_PW" psql -h db.internal -U report analytics',
        "mysql --defaults-extra-file=/run/secrets/my.cnf shop < migrate.sql",
        "curl --netrc-file /run/secrets/netrc -fsS https://nexus.internal/",
        'SSHPASS="$SSH_PASS" sshpass -e scp dist/app.tgz deploy@web1:/srv/',
      ].join("\n"),
    },
    {
      name: "workflow piping secrets to --password-stdin",
      path: ".github/workflows/publish.yml",
      code: [
        "on: push",
        "jobs:",
        "  publish:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        '      - run: echo "$TOKEN" | docker login -u acme --password-stdin',
        "        env:",
        "          TOKEN: ${{ secrets.DOCKERHUB_TOKEN }}",
        "      - run: helm registry login ghcr.io --username acme --password-file /tmp/pw",
      ].join("\n"),
    },
    {
      name: "mysql -p alone prompts for the password, and -P is the port",
      path: "scripts/console.sh",
      code: ["#!/bin/sh", "mysql -h db -P 3306 -u admin -p shop"].join("\n"),
    },
    {
      name: "curl -u with a user name only, and URLs without passwords",
      path: "scripts/fetch.sh",
      code: ["#!/bin/sh", "curl -u deploy https://nexus.internal/", "git clone https://github.com/acme/site.git", 'psql "postgresql://report@db.internal/analytics"'].join("\n"),
    },
    {
      name: "echo of a usage line is not a command taking a password",
      path: "scripts/help.sh",
      code: ["#!/bin/sh", 'echo "usage: mysql -u USER -pPASSWORD DB"', "# sshpass -p secret ssh host"].join("\n"),
    },
    {
      name: "openssl reading the pass phrase from the environment",
      path: "Makefile",
      code: ["cert:", "\topenssl pkcs12 -export -in cert.pem -inkey key.pem -out cert.p12 -passout env:P12_PASSWORD"].join("\n"),
    },
    {
      name: "a Python file (read by python/password-on-command-line, not this rule)",
      path: "app/backup.py",
      code: ['subprocess.run(["mysqldump", "-pS3cret", "shop"])'].join("\n"),
    },
  ],
});
