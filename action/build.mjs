// Bundles the GitHub Action into one ESM file (action/dist/index.mjs) with the two tree-sitter
// grammars it loads at run time beside it, so the Action needs no `npm install`. Run by
// `npm run build:action`; test/action/bundle.test.ts fails when the committed bundle is stale.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "dist");
const require = createRequire(import.meta.url);

export const WASM = ["web-tree-sitter/web-tree-sitter.wasm", "tree-sitter-python/tree-sitter-python.wasm"];

export async function bundle(outdir = out) {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(here, "..", "src", "action", "main.ts")],
    outfile: join(outdir, "index.mjs"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    // CommonJS dependencies (ts-morph's TypeScript) use require, __filename and __dirname; give the ESM bundle them.
    banner: {
      js: [
        'import { createRequire as __agRequire } from "node:module";',
        'import { fileURLToPath as __agPath } from "node:url";',
        "const require = __agRequire(import.meta.url);",
        "const __filename = __agPath(import.meta.url);",
        'const __dirname = __agPath(new URL(".", import.meta.url));',
      ].join(" "),
    },
  });
  for (const file of WASM) copyFileSync(require.resolve(file), join(outdir, file.split("/").pop()));
}

// `node action/build.mjs [outdir]`: the staleness test builds into a temporary directory.
if (process.argv[1] === fileURLToPath(import.meta.url)) await bundle(process.argv[2] ?? out);
