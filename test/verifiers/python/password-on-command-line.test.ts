import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/password-on-command-line", {
  invalid: [
    {
      name: "a subprocess function imported in a parenthesised multi-line import",
      path: "scripts/backup.py",
      code: py`
import os
from subprocess import (
    check_call,
)


def backup():
    check_call(["pg_dump", "--password", os.environ["DB_PASSWORD"], "shop"])
`,
      errors: [{ messageId: "commandLine", line: 8 }],
    },
    {
      name: "Django management command: mysqldump with -p<password>",
      path: "shop/management/commands/backup.py",
      code: py`
import subprocess

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        subprocess.run(
            ["mysqldump", "-u", db["USER"], f"-p{db['PASSWORD']}", db["NAME"]],
            check=True,
        )
`,
      errors: [{ messageId: "commandLine", line: 10 }],
      messageIncludes: ["`subprocess.run(...)` puts `-p<password>` on the command line", "PGPASSWORD"],
    },
    {
      name: "os.system with PGPASSWORD in a shell string",
      path: "app/tasks/backup.py",
      code: py`
import os


def nightly_backup(host, db, password):
    os.system(f"PGPASSWORD={password} pg_dump -h {host} {db} > /backups/{db}.sql")
`,
      errors: [{ messageId: "commandLine", line: 5 }],
      messageIncludes: ["`password`"],
    },
    {
      name: "--password flag followed by a variable",
      path: "app/services/deploy.py",
      code: py`
from subprocess import check_call


def login_registry(user, registry_password, registry):
    check_call(["docker", "login", "-u", user, "--password", registry_password, registry])
`,
      errors: [{ messageId: "commandLine", line: 5 }],
    },
    {
      name: "token interpolated into curl via Popen",
      path: "app/services/notify.py",
      code: py`
import subprocess


def notify(api_token, payload):
    proc = subprocess.Popen(
        "curl -X POST -H 'Authorization: Bearer " + api_token + "' -d @- https://hooks.example.com",
        shell=True,
        stdin=subprocess.PIPE,
    )
    proc.communicate(payload)
`,
      errors: [{ messageId: "commandLine", line: 5 }],
    },
    {
      name: "asyncio subprocess with the secret as an argument",
      path: "app/handlers/vault.py",
      code: py`
import asyncio


async def unseal(request):
    secret = (await request.json())["unseal_key"]
    proc = await asyncio.create_subprocess_exec("vault", "operator", "unseal", secret)
    await proc.wait()
`,
      errors: [{ messageId: "commandLine", line: 6 }],
    },
    {
      name: "literal --password=value and a settings attribute",
      path: "app/services/ldap_sync.py",
      code: py`
import subprocess

from app.config import settings


def sync():
    subprocess.check_output("ldapsearch -x -D cn=admin --password=Hunter2x -b dc=example,dc=com", shell=True)
    subprocess.run(["redis-cli", "-a", settings.REDIS_PASSWORD, "FLUSHDB"])
`,
      errors: [{ messageId: "commandLine", line: 7 }, { messageId: "commandLine", line: 8 }],
    },
  ],
  valid: [
    {
      name: "password in the child's environment",
      path: "app/tasks/backup.py",
      code: py`
import os
import subprocess


def nightly_backup(host, user, db, password):
    subprocess.run(["pg_dump", "-h", host, "-U", user, db], env={**os.environ, "PGPASSWORD": password}, check=True)
`,
    },
    {
      name: "token through standard input",
      path: "app/services/deploy.py",
      code: py`
import subprocess


def login_registry(user, token, registry):
    subprocess.run(["docker", "login", "-u", user, "--password-stdin", registry], input=token.encode(), check=True)
`,
    },
    {
      name: "near-miss: -p means port for ssh and docker",
      path: "app/services/tunnel.py",
      code: py`
import subprocess


def tunnel(host, port):
    subprocess.run(["ssh", "-p", str(port), host, "uptime"], check=True)
    subprocess.run(["docker", "run", "-p", "8080:80", "nginx"], check=True)
    subprocess.run(["mysql", "-p", "-u", "root"])
`,
    },
    {
      name: "near-miss: names about a secret, not the secret",
      path: "app/services/keys.py",
      code: py`
import subprocess


def rotate(token_id, secret_name, password_file):
    subprocess.run(["vault", "kv", "delete", f"secret/{secret_name}"], check=True)
    subprocess.run(["git", "commit", "-m", f"rotate token {token_id}"], check=True)
    subprocess.run(["mysql", f"--defaults-extra-file={password_file}"], check=True)
`,
    },
    {
      name: "near-miss: run methods that are not subprocesses",
      path: "app/services/jobs.py",
      code: py`
def start(app, scheduler, password):
    app.run(host="0.0.0.0", password=password)
    scheduler.call(password)
`,
    },
    {
      name: "tests may pass fixture passwords",
      path: "tests/test_backup.py",
      code: py`
import subprocess


def test_dump(password):
    subprocess.run(["mysqldump", f"-p{password}", "test"], check=True)
`,
    },
  ],
});
