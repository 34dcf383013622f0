// Puts changed files into named scopes, by path glob and by content signal, and keeps the
// reason so a reviewer can see why a file is under the gate.
import { Minimatch } from "minimatch";
import type { Catalogue } from "./catalogue.js";
import type { GateConfig } from "./config.js";
import { lineAt } from "./lines.js";
import type { Language } from "../verifiers/types.js";

export interface ScopeReason {
  scope: string;
  reason: string;
}

interface CompiledScope {
  name: string;
  include: { glob: string; m: Minimatch }[];
  exclude: Minimatch[];
  signals: { languages: Language[]; re: RegExp; reason: string }[];
}

export class Scoper {
  private readonly scopes: CompiledScope[];

  constructor(catalogue: Catalogue, config: GateConfig) {
    this.scopes = Object.entries(catalogue.scopes).map(([name, def]) => {
      const override = config.scopes[name];
      const include = override?.replace ? override.include : [...def.include, ...(override?.include ?? [])];
      const exclude = override?.replace ? override.exclude : [...def.exclude, ...(override?.exclude ?? [])];
      return {
        name,
        include: include.map((glob) => ({ glob, m: new Minimatch(glob, { dot: true }) })),
        exclude: exclude.map((glob) => new Minimatch(glob, { dot: true })),
        signals: (override?.signals === false ? [] : def.signals).map((s) => ({
          languages: s.language,
          // "m" so that ^ anchors at each line; the scan stops at the first match.
          re: new RegExp(s.pattern, `m${s.flags ?? ""}`),
          reason: s.reason,
        })),
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
      const hit = scope.include.find((i) => i.m.match(path));
      if (hit) out.push({ scope: scope.name, reason: `path matches ${hit.glob}` });
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
        const m = signal.re.exec(text);
        if (m) {
          const line = lineAt(text, m.index);
          out.push({ scope: scope.name, reason: `${signal.reason} (line ${line}: ${m[0].trim().slice(0, 60)})` });
          break;
        }
      }
    }
    return out;
  }
}
