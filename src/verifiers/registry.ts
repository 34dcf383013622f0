// Every verifier the gate runs. Adding one: write src/verifiers/<lang>/<name>.ts exporting
// `verifier`, its metadata in rules/verifiers/<lang>/<name>.yml, its table in
// test/verifiers/<lang>/<name>.test.ts, and list it here (a test checks all three agree).
import { loadCatalogue, type Catalogue } from "../engine/catalogue.js";
import type { Verifier, VerifierModule } from "./types.js";
import { verifier as gateTamper } from "./any/gate-tamper.js";
import { verifier as hardcodedCredentials } from "./any/hardcoded-credentials.js";
import { verifier as pySqlInjection } from "./python/sql-injection.js";
import { verifier as tsSqlInjection } from "./typescript/sql-injection.js";

export const MODULES: VerifierModule[] = [gateTamper, hardcodedCredentials, pySqlInjection, tsSqlInjection];

export function loadVerifiers(catalogue: Catalogue = loadCatalogue()): Verifier[] {
  return MODULES.map((m) => {
    const meta = catalogue.rules.get(m.id);
    if (!meta) throw new Error(`verifier ${m.id} has no metadata in rules/verifiers/${m.id}.yml`);
    return { ...m, meta };
  });
}
