import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The shipped rules/ folder, found from this module whether it runs from src/ or dist/src/. */
export function rulesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "rules", "scopes.yml"))) return join(dir, "rules");
    dir = dirname(dir);
  }
  throw new Error("agent-gate: cannot find the rules/ folder next to the package");
}
