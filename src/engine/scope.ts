// Puts changed files into named scopes, by path glob and by content signal, and keeps the
// reason so a reviewer can see why a file is under the gate.
import type { Catalogue } from "./catalogue.js";
import type { GateConfig } from "./config.js";
import { BUILT_IN_SIGNALS, regexSignal, type ContentSignal } from "./content-signals.js";
import { lineAt } from "./lines.js";
import { PathGlob } from "./path-glob.js";
import type { Language } from "../verifiers/types.js";
import { isTestPath } from "../knowledge/test-paths.js";

export interface ScopeReason {
  scope: string;
  reason: string;
}

interface CompiledScope {
  name: string;
  include: PathGlob[];
  exclude: PathGlob[];
  signals: ContentSignal[];
  /** Paths a scope takes from a vocabulary in code rather than from globs. */
  paths?: { matches(path: string): boolean; reason: string };
}

/** Test files are what src/knowledge/test-paths.ts says they are, for the scope as for every rule. */
const BUILT_IN_PATHS: Record<string, CompiledScope["paths"]> = {
  tests: { matches: isTestPath, reason: "path is a test file (src/knowledge/test-paths.ts)" },
};

/**
 * Scopes no exclude glob (shipped or configured) and no `replace` can shrink: hard-coded
 * credentials in a vendored file and an edit to what guards the PR are found wherever they are.
 */
export const NEVER_EXCLUDED: readonly string[] = ["secrets", "gate"];

export class Scoper {
  private readonly scopes: CompiledScope[];

  constructor(catalogue: Catalogue, config: GateConfig) {
    this.scopes = Object.entries(catalogue.scopes).map(([name, def]) => {
      const override = config.scopes[name];
      const fixed = NEVER_EXCLUDED.includes(name);
      const replace = override?.replace && !fixed;
      const include = replace ? override.include : [...def.include, ...(override?.include ?? [])];
      const exclude = fixed ? [] : replace ? override.exclude : [...def.exclude, ...(override?.exclude ?? [])];
      return {
        name,
        include: include.map((glob) => new PathGlob(glob)),
        exclude: exclude.map((glob) => new PathGlob(glob)),
        signals:
          override?.signals === false
            ? []
            : [...def.signals.map((s) => regexSignal(s.language, s.pattern, s.flags, s.reason)), ...(BUILT_IN_SIGNALS[name] ?? [])],
        ...(replace || !BUILT_IN_PATHS[name] ? {} : { paths: BUILT_IN_PATHS[name] }),
      };
    });
  }

  names(): string[] {
    return this.scopes.map((s) => s.name);
  }

  private excluded(scope: CompiledScope, path: string): boolean {
    return scope.exclude.some((m) => m.match(path));
  }

  /** Scopes a path falls in by glob alone. */
  byPath(path: string): ScopeReason[] {
    const out: ScopeReason[] = [];
    for (const scope of this.scopes) {
      if (this.excluded(scope, path)) continue;
      const hit = scope.include.find((i) => i.match(path));
      if (hit) out.push({ scope: scope.name, reason: `path matches ${hit.glob}` });
      else if (scope.paths?.matches(path)) out.push({ scope: scope.name, reason: scope.paths.reason });
    }
    return out;
  }

  /**
   * Scopes of a changed file by its path and, for a rename or copy, by its previous path too:
   * moving a file out of a scope must not take it out of the gate's sight.
   */
  byChange(file: { path: string; previousPath?: string }): ScopeReason[] {
    const out = this.byPath(file.path);
    if (file.previousPath === undefined || file.previousPath === file.path) return out;
    for (const r of this.byPath(file.previousPath)) {
      if (!out.some((o) => o.scope === r.scope)) out.push({ scope: r.scope, reason: `previous path ${file.previousPath}: ${r.reason}` });
    }
    return out;
  }

  /** Whether any scope has content signals for this language (so the text is worth fetching). */
  hasSignalsFor(language: Language): boolean {
    return this.scopes.some((s) => s.signals.some((g) => g.languages.includes(language)));
  }

  /** Scopes the file's text puts it in, beyond those its path already gave. */
  byContent(path: string, language: Language, text: string, already: Set<string>): ScopeReason[] {
    const out: ScopeReason[] = [];
    for (const scope of this.scopes) {
      if (already.has(scope.name) || this.excluded(scope, path)) continue;
      for (const signal of scope.signals) {
        if (!signal.languages.includes(language)) continue;
        const hit = signal.find(text);
        if (hit) {
          const line = lineAt(text, hit.index);
          out.push({ scope: scope.name, reason: `${signal.reason} (line ${line}: ${hit.match.trim().slice(0, 60)})` });
          break;
        }
      }
    }
    return out;
  }
}
