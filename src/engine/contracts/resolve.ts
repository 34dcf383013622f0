// Resolves imports to repository paths against the head's file list: TS/JS with the compiler's
// own module resolution (tsconfig `paths` and `baseUrl`, index files, `.js` → `.ts`, package.json
// `imports`), Python against the package layout (absolute and relative, submodule or __init__).
import { ts } from "ts-morph";
import type { ImportFact } from "./facts.js";

/** The files at the head and the directories they imply. */
export class ProjectIndex {
  readonly files: Set<string>;
  private readonly dirs = new Set<string>([""]);

  constructor(paths: Iterable<string>) {
    this.files = new Set(paths);
    for (const f of this.files) {
      for (let i = f.lastIndexOf("/"); i > 0; i = f.lastIndexOf("/", i - 1)) {
        const d = f.slice(0, i);
        if (this.dirs.has(d)) break;
        this.dirs.add(d);
      }
    }
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  hasDir(path: string): boolean {
    return this.dirs.has(path);
  }
}

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

function join(dir: string, rest: string): string {
  return dir === "" ? rest : `${dir}/${rest}`;
}

/** Directories from the file's own up to the root. */
function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let d = dirOf(path); ; d = dirOf(d)) {
    out.push(d);
    if (d === "") return out;
  }
}

// ---- Python ----

function pyModule(index: ProjectIndex, base: string): string | undefined {
  for (const f of [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`, `${base}/__init__.pyi`]) if (index.has(f)) return f;
  return undefined;
}

/** The files an import names: each imported name that is a submodule, else the module itself. */
function pyTargets(index: ProjectIndex, base: string, names: string[]): string[] {
  const module = pyModule(index, base);
  const out = new Set<string>();
  for (const name of names) {
    const sub = name === "*" ? undefined : pyModule(index, join(base, name));
    if (sub) out.add(sub);
    else if (module) out.add(module);
  }
  if (names.length === 0 && module) out.add(module);
  return [...out];
}

export function resolvePython(index: ProjectIndex, from: string, imp: ImportFact): string[] {
  const parts = imp.specifier.slice(imp.level).split(".").filter((p) => p !== "");
  if (imp.level > 0) {
    let dir = dirOf(from);
    for (let i = 1; i < imp.level; i++) dir = dirOf(dir);
    return pyTargets(index, parts.length > 0 ? join(dir, parts.join("/")) : dir, imp.names);
  }
  if (parts.length === 0) return [];
  // The import is read against each enclosing directory (the one a program runs from is among
  // them), and src/ for the src layout; the nearest that holds the module wins.
  const roots = [...ancestors(from), "src"];
  for (const root of roots) {
    const base = join(root, parts.join("/"));
    if (!index.hasDir(base) && pyModule(index, base) === undefined) continue;
    const targets = pyTargets(index, base, imp.names);
    if (targets.length > 0) return targets;
  }
  return [];
}

// ---- TypeScript / JavaScript ----

const CONFIG_NAMES = ["tsconfig.json", "jsconfig.json"];

/**
 * One resolver per evaluation. Paths handed to the compiler are rooted at "/" so that the
 * repository is the whole file system it sees; config files come from `read`.
 */
export class TsResolver {
  private readonly options = new Map<string, ts.CompilerOptions>();
  private readonly caches = new Map<string, ts.ModuleResolutionCache>();
  private readonly host: ts.ModuleResolutionHost & ts.ParseConfigHost;

  constructor(
    private readonly index: ProjectIndex,
    private readonly readText: (path: string) => string | undefined,
  ) {
    const rel = (p: string) => p.replace(/^\/+/, "");
    this.host = {
      fileExists: (p) => index.has(rel(p)),
      readFile: (p) => readText(rel(p)),
      directoryExists: (p) => index.hasDir(rel(p)),
      getCurrentDirectory: () => "/",
      realpath: (p) => p,
      useCaseSensitiveFileNames: true,
      readDirectory: () => [],
    };
  }

  /** The tsconfig.json or jsconfig.json nearest to a file, if the head has one. */
  configFor(file: string): string | undefined {
    for (const d of ancestors(file)) {
      for (const name of CONFIG_NAMES) if (this.index.has(join(d, name))) return join(d, name);
    }
    return undefined;
  }

  /**
   * Config files the resolver needs and has not been given yet: the tsconfig of each file and
   * what it extends, and the package.json of files that import `#name` (package.json `imports`).
   */
  missing(files: string[], hashImporters: string[]): string[] {
    const want = new Set<string>();
    const visit = (config: string, depth: number) => {
      if (want.has(config) || depth > 8) return;
      want.add(config);
      const text = this.readText(config);
      if (text === undefined) return;
      const parsed = ts.parseConfigFileTextToJson(config, text).config as { extends?: string | string[] } | undefined;
      const ext = parsed?.extends;
      for (const e of Array.isArray(ext) ? ext : ext ? [ext] : []) {
        if (!e.startsWith(".")) continue;
        const target = normalise(join(dirOf(config), e.endsWith(".json") ? e : `${e}.json`));
        if (this.index.has(target)) visit(target, depth + 1);
      }
    };
    for (const f of files) {
      const c = this.configFor(f);
      if (c) visit(c, 0);
    }
    for (const f of hashImporters) {
      const pkg = ancestors(f).map((d) => join(d, "package.json")).find((p) => this.index.has(p));
      if (pkg) want.add(pkg);
    }
    return [...want].filter((p) => this.readText(p) === undefined);
  }

  private optionsFor(config: string | undefined): ts.CompilerOptions {
    const key = config ?? "";
    let opts = this.options.get(key);
    if (!opts) {
      let base: ts.CompilerOptions = {};
      const text = config ? this.readText(config) : undefined;
      if (config && text !== undefined) {
        const json = ts.parseConfigFileTextToJson(`/${config}`, text).config ?? {};
        base = ts.parseJsonConfigFileContent(json, this.host, `/${dirOf(config)}`, undefined, `/${config}`).options;
      }
      // Bundler resolution accepts every style a project may use: extensionless, index files,
      // `.js` naming a `.ts`, `paths`, `baseUrl` and package.json `imports`.
      opts = {
        ...base,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        module: ts.ModuleKind.ESNext,
        allowJs: true,
        resolveJsonModule: true,
        allowImportingTsExtensions: true,
        noEmit: true,
      };
      this.options.set(key, opts);
      this.caches.set(key, ts.createModuleResolutionCache("/", (f) => f, opts));
    }
    return opts;
  }

  resolve(from: string, specifier: string): string | undefined {
    const config = this.configFor(from);
    const options = this.optionsFor(config);
    const cache = this.caches.get(config ?? "");
    const r = ts.resolveModuleName(specifier, `/${from}`, options, this.host, cache);
    const file = r.resolvedModule?.resolvedFileName;
    if (!file || r.resolvedModule?.isExternalLibraryImport) return undefined;
    return file.replace(/^\/+/, "");
  }
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}
