// What the contracts need to know about one source file, the same for Python and TS/JS: its
// imports, the names it calls or reads, its string literals and its routes. Each extractor
// parses the file once and fills this; every contract reads only these facts.

export interface ImportFact {
  /** As written: "../models/user", "@/services", "app.models", ".db". */
  specifier: string;
  /** The library module for a non-relative import ("sqlalchemy.orm", "pg", "@prisma/client"). */
  module: string;
  /** Python: how many leading dots (0 for an absolute import). */
  level: number;
  /** Python `from m import a, b`: the names, each possibly a submodule of m. */
  names: string[];
  line: number;
  endLine: number;
  /** `import type`, `export type`, or under Python's `if TYPE_CHECKING:`. */
  typeOnly: boolean;
  /** Repository paths the import resolves to, filled by the resolver. */
  targets: string[];
}

export interface UseFact {
  /** The dotted chain as written: "db.session.add", "process.env", "this.prisma.user.findMany". */
  written: string;
  /** The chain with its root replaced by what the root was imported as: "sqlalchemy.select", "jsonwebtoken.sign". */
  canonical?: string;
  /** Index into imports of the import the root name came from. */
  via?: number;
  /** Called (or constructed, or handed to the framework as a dependency), rather than only read. */
  call: boolean;
  line: number;
  endLine: number;
}

export interface StringFact {
  text: string;
  line: number;
  endLine: number;
  /** The object key or keyword argument this string is the value of. */
  key?: string;
  /** The other keys of that object, when the string is a property value. */
  siblings?: string[];
}

export interface RouteFact {
  /** Upper-case HTTP methods; "*" for every method. */
  methods: string[];
  /** The path as written, with a prefix declared in the same file when there is one. */
  path?: string;
  /** Function, Class or Class.method that handles it. */
  handler?: string;
  /** Source text of everything that could guard the route: decorators, middlewares, dependencies, hooks. */
  guards: string[];
  /** The route's declaration: decorators and signature, or the registering call up to its handler. */
  line: number;
  endLine: number;
}

export interface FileFacts {
  path: string;
  imports: ImportFact[];
  uses: UseFact[];
  strings: StringFact[];
  routes: RouteFact[];
  lines: string[];
}

/** Shortens source text for a message. */
export function clip(text: string, max = 70): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
