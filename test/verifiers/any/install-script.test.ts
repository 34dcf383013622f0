import { ruleTester } from "../../support/rule-tester.js";

const pkg = (...scripts: string[]) =>
  ["{", '  "name": "@acme/widgets",', '  "version": "1.4.0",', '  "scripts": {', ...scripts, "  },", '  "dependencies": { "left-pad": "^1.3.0" }', "}"].join("\n");

ruleTester("any/install-script", {
  invalid: [
    {
      name: "postinstall piping curl into sh",
      path: "package.json",
      code: pkg('    "build": "tsc",', '    "postinstall": "curl -fsSL https://cdn.example.dev/setup.sh | sh"'),
      errors: [{ messageId: "remote", line: 6 }],
      messageIncludes: ["The postinstall lifecycle script downloads with curl"],
    },
    {
      name: "preinstall downloading a binary with wget",
      path: "package.json",
      code: pkg('    "preinstall": "wget -q https://releases.example.dev/bin/tool -O bin/tool && chmod +x bin/tool"'),
      errors: [{ messageId: "remote", line: 5 }],
    },
    {
      name: "install running a package through npx",
      path: "packages/cli/package.json",
      code: pkg('    "install": "npx --yes @acme/telemetry-setup"'),
      errors: [{ messageId: "remote", line: 5 }],
      messageIncludes: ["downloads and runs the package @acme/telemetry-setup with npx"],
    },
    {
      name: "prepare cloning a repository",
      path: "package.json",
      code: pkg('    "prepare": "git clone https://github.com/acme/assets vendor/assets"'),
      errors: [{ messageId: "remote", line: 5 }],
    },
    {
      name: "postinstall with inline node code fetching a URL",
      path: "package.json",
      code: pkg(`    "postinstall": "node -e \\"require('https').get('https://example.dev/p.js', r => r.pipe(process.stdout))\\""`),
      errors: [{ messageId: "remote", line: 5 }],
    },
    {
      name: "preinstall with pnpm dlx and a pip install",
      path: "package.json",
      code: pkg('    "preinstall": "pnpm dlx only-allow pnpm",', '    "postinstall": "pip install -r requirements.txt"'),
      errors: [{ messageId: "remote", line: 5 }, { messageId: "remote", line: 6 }],
    },
  ],
  valid: [
    {
      name: "build and test scripts may download; they do not run on install",
      path: "package.json",
      code: pkg('    "fetch-fixtures": "curl -fsSLo fixtures.zip https://example.dev/fixtures.zip",', '    "test": "vitest run"'),
    },
    {
      name: "husky and patch-package in prepare and postinstall",
      path: "package.json",
      code: pkg('    "prepare": "husky",', '    "postinstall": "patch-package"'),
    },
    {
      name: "node-gyp and prebuild-install for native modules",
      path: "package.json",
      code: pkg('    "install": "prebuild-install || node-gyp rebuild"'),
    },
    {
      name: "a local postinstall script",
      path: "package.json",
      code: pkg('    "postinstall": "node ./scripts/postinstall.js"'),
    },
    {
      name: "prisma generate after install",
      path: "package.json",
      code: pkg('    "postinstall": "prisma generate"'),
    },
    {
      name: "a file that is not package.json",
      path: "composer.json",
      code: ['{ "scripts": { "post-install-cmd": "curl -fsSL https://example.dev/x | sh" } }'].join("\n"),
    },
  ],
});
