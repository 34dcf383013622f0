import { ruleTester } from "../../support/rule-tester.js";

ruleTester("any/sudoers-nopasswd", {
  invalid: [
    {
      name: "attack: NOPASSWD: ALL after 4,000 characters of padding",
      path: "ansible/files/sudoers.d/deploy",
      code: `deploy ${"localhost,".repeat(450)}ALL=(ALL) NOPASSWD: ALL\n`,
      errors: [{ messageId: "nopasswdAll", line: 1 }],
    },
    {
      name: "sudoers.d entry giving a group every command without a password",
      path: "ansible/files/sudoers.d/deploy",
      code: ["# managed by ansible", "Defaults:deploy !requiretty", "%deploy ALL=(ALL:ALL) NOPASSWD: ALL"].join("\n"),
      errors: [{ messageId: "nopasswdAll", line: 3 }],
      messageIncludes: ["run every command as root without a password"],
    },
    {
      name: "Dockerfile writing a NOPASSWD line for the app user",
      path: "Dockerfile",
      code: [
        "FROM ubuntu:24.04",
        "RUN apt-get update && apt-get install -y sudo \\",
        " && useradd -m app \\",
        ' && echo "app ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/app',
        "USER app",
      ].join("\n"),
      errors: [{ messageId: "nopasswdAll", line: 4 }],
    },
    {
      name: "provisioning script with extra tags before ALL",
      path: "scripts/provision.sh",
      code: ["#!/bin/bash", "echo 'ci ALL=(root) NOPASSWD:SETENV: ALL' | sudo tee /etc/sudoers.d/ci", "sudo chmod 440 /etc/sudoers.d/ci"].join("\n"),
      errors: [{ messageId: "nopasswdAll", line: 2 }],
    },
    {
      name: "cloud-init user data",
      path: "infra/cloud-init.yaml",
      code: ["#cloud-config", "users:", "  - name: ops", "    sudo: ALL=(ALL) NOPASSWD:ALL", "    shell: /bin/bash"].join("\n"),
      errors: [{ messageId: "nopasswdAll", line: 4 }],
    },
    {
      name: "Ansible lineinfile task",
      path: "ansible/roles/base/tasks/main.yml",
      code: [
        "- name: passwordless sudo for wheel",
        "  lineinfile:",
        "    path: /etc/sudoers",
        "    regexp: '^%wheel'",
        "    line: '%wheel ALL=(ALL) NOPASSWD: ALL'",
        "    validate: 'visudo -cf %s'",
      ].join("\n"),
      errors: [{ messageId: "nopasswdAll", line: 5 }],
    },
    {
      name: "Defaults !authenticate in a sudoers file",
      path: "etc/sudoers",
      code: ["Defaults env_reset", "Defaults:builder !authenticate", "root ALL=(ALL:ALL) ALL"].join("\n"),
      errors: [{ messageId: "noAuthenticate", line: 2 }],
      messageIncludes: ["Defaults !authenticate"],
    },
    {
      name: "ALL after a specific command in the list",
      path: "etc/sudoers.d/ops",
      code: ["ops ALL=(root) NOPASSWD: /usr/bin/systemctl restart app, ALL"].join("\n"),
      errors: [{ messageId: "nopasswdAll", line: 1 }],
    },
  ],
  valid: [
    {
      name: "NOPASSWD for specific commands only",
      path: "etc/sudoers.d/deploy",
      code: ["deploy ALL=(root) NOPASSWD: /usr/bin/systemctl restart app, /usr/bin/systemctl status app"].join("\n"),
    },
    {
      name: "sudo with a password",
      path: "etc/sudoers",
      code: ["root ALL=(ALL:ALL) ALL", "%sudo ALL=(ALL:ALL) ALL", "#includedir /etc/sudoers.d"].join("\n"),
    },
    {
      name: "commented-out NOPASSWD line",
      path: "etc/sudoers.d/dev",
      code: ["# %dev ALL=(ALL) NOPASSWD: ALL", "%dev ALL=(ALL) ALL"].join("\n"),
    },
    {
      name: "Dockerfile that drops to a user without sudo",
      path: "Dockerfile",
      code: ["FROM ubuntu:24.04", "RUN useradd -m app", "USER app"].join("\n"),
    },
    {
      name: "documentation mentioning NOPASSWD: ALL",
      path: "docs/ops.md",
      code: ["Never add `NOPASSWD: ALL` to a sudoers file."].join("\n"),
    },
    {
      name: "a shell comment explaining what not to do",
      path: "scripts/setup.sh",
      code: ["#!/bin/sh", "# do not write NOPASSWD: ALL here", "echo 'app ALL=(root) NOPASSWD: /usr/sbin/service nginx reload' > /etc/sudoers.d/app"].join("\n"),
    },
  ],
});
