// Facts of a TypeScript or JavaScript file from the compiler's parser (raw nodes, one pass):
// ESM imports and re-exports, require(), dynamic import(), the names it calls or reads, its
// strings, and the routes of Express, Koa, Hono, Fastify and NestJS.
import { ts } from "ts-morph";
import { walk } from "../../verifiers/typescript/lang/walk.js";
import { gitLinesFor } from "../lines.js";
import type { FileFacts, ImportFact, RouteFact, StringFact, UseFact } from "./facts.js";

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (path.endsWith(".jsx")) return ts.ScriptKind.JSX;
  return /\.(?:js|mjs|cjs)$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

interface Binding {
  module: string;
  /** "*" for a namespace or CommonJS module object, "default", or the imported name. */
  imported: string;
  index: number;
}

const ROUTE_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "options", "head"]);
const HTTP_CLIENTS = /^(?:axios|got|ky|superagent|request|https?|httpClient|\$http|fetch|supertest|agent|fetcher)$/i;
const FASTIFY_HOOKS = new Set(["onRequest", "preParsing", "preValidation", "preHandler"]);
const NEST_METHODS: Record<string, string> = { Get: "GET", Post: "POST", Put: "PUT", Patch: "PATCH", Delete: "DELETE", All: "*", Options: "OPTIONS", Head: "HEAD" };

interface ScopeGuard {
  receiver: string;
  scope: ts.Node;
  pos: number;
  /** `use` applies to routes declared after it; Fastify hooks to the whole plugin. */
  ordered: boolean;
  path?: string;
  texts: string[];
}

interface PendingRoute extends RouteFact {
  receiver?: string;
  scope?: ts.Node;
  pos: number;
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

/** `a.b().c` for a callee or member chain; undefined when it does not start at a name. */
function chainOf(e: ts.Expression): string | undefined {
  const n = unwrap(e);
  if (ts.isIdentifier(n)) return n.text;
  if (n.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (ts.isMetaProperty(n)) return `${ts.tokenToString(n.keywordToken)}.${n.name.text}`;
  if (ts.isPropertyAccessExpression(n)) {
    const left = chainOf(n.expression);
    return left === undefined ? undefined : `${left}.${n.name.text}`;
  }
  if (ts.isElementAccessExpression(n)) {
    const left = chainOf(n.expression);
    const key = n.argumentExpression;
    if (left === undefined) return undefined;
    return ts.isStringLiteralLike(key) ? `${left}.${key.text}` : left;
  }
  if (ts.isCallExpression(n)) {
    const left = chainOf(n.expression);
    return left === undefined ? undefined : `${left}()`;
  }
  if (ts.isAwaitExpression(n)) return chainOf(n.expression);
  return undefined;
}

function rootOf(chain: string): string {
  return chain.split(/[.(]/, 1)[0] ?? chain;
}

function stringArg(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const n = unwrap(e);
  return ts.isStringLiteralLike(n) ? n.text : undefined;
}

function methodsOf(e: ts.Expression | undefined): string[] {
  if (!e) return [];
  const n = unwrap(e);
  if (ts.isStringLiteralLike(n)) return [n.text.toUpperCase()];
  if (ts.isArrayLiteralExpression(n)) return n.elements.flatMap((x) => (ts.isStringLiteralLike(x) ? [x.text.toUpperCase()] : []));
  return [];
}

/** The nearest function or the file: receiver-wide guards hold within it and the functions it contains. */
function scopeOf(node: ts.Node): ts.Node {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isFunctionLike(p) || ts.isSourceFile(p)) return p;
  }
  return node;
}

function within(inner: ts.Node, outer: ts.Node): boolean {
  for (let p: ts.Node | undefined = inner; p; p = p.parent) if (p === outer) return true;
  return false;
}

function joinPath(prefix: string | undefined, path: string | undefined): string | undefined {
  if (prefix === undefined) return path;
  const p = `/${prefix}`.replace(/\/+/g, "/").replace(/\/$/, "");
  const rest = path === undefined || path === "" ? "" : `/${path}`.replace(/\/+/g, "/");
  return `${p}${rest}` || "/";
}

export function typescriptFacts(path: string, text: string, withRoutes: boolean): FileFacts {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  const lines = gitLinesFor(sf, text);
  const lineOf = (pos: number) => lines.lineOf(pos);
  const start = (n: ts.Node) => lineOf(n.getStart(sf));
  const end = (n: ts.Node) => lineOf(n.getEnd());
  const src = (n: ts.Node) => n.getText(sf);
  const imports: ImportFact[] = [];
  const uses: UseFact[] = [];
  const strings: StringFact[] = [];
  const bindings = new Map<string, Binding>();
  const specifierNodes = new Set<ts.Node>();
  const pending: PendingRoute[] = [];
  const scopeGuards: ScopeGuard[] = [];
  const prefixes = new Map<string, string>();
  /** `const auth = jwt({ secret })`: a guard passed by a local name is judged by what the name holds. */
  const locals = new Map<string, string>();

  const addImport = (spec: ts.StringLiteralLike, node: ts.Node, typeOnly: boolean): number => {
    specifierNodes.add(spec);
    imports.push({ specifier: spec.text, module: spec.text, level: 0, names: [], line: start(node), endLine: end(node), typeOnly, targets: [] });
    return imports.length - 1;
  };
  const bind = (name: string, module: string, imported: string, index: number) => bindings.set(name, { module, imported, index });

  /** `const x = require("m")` and `const { a, b: c } = require("m")` (also for `await import("m")`). */
  const bindDeclaration = (decl: ts.Node, module: string, index: number) => {
    if (!ts.isVariableDeclaration(decl)) return;
    if (ts.isIdentifier(decl.name)) bind(decl.name.text, module, "*", index);
    else if (ts.isObjectBindingPattern(decl.name)) {
      for (const el of decl.name.elements) {
        if (!ts.isIdentifier(el.name)) continue;
        const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
        bind(el.name.text, module, imported, index);
      }
    }
  };

  const declarationOf = (node: ts.Node): ts.Node | undefined => {
    let p = node.parent;
    while (p && (ts.isAwaitExpression(p) || ts.isParenthesizedExpression(p))) p = p.parent;
    return p;
  };

  const canonical = (chain: string): { canonical?: string; via?: number } => {
    const root = rootOf(chain);
    const b = bindings.get(root);
    if (!b) return {};
    const rest = chain.slice(root.length);
    const base = b.imported === "*" || b.imported === "default" ? b.module : `${b.module}.${b.imported}`;
    return { canonical: `${base}${rest}`, via: b.index };
  };

  const addUse = (chain: string, node: ts.Node, call: boolean) => {
    uses.push({ written: chain, call, line: start(node), endLine: end(node) });
  };

  const routeGuardTexts = (args: readonly ts.Expression[]): string[] =>
    args.flatMap((a) => {
      const n = unwrap(a);
      if (ts.isObjectLiteralExpression(n)) {
        return n.properties.flatMap((p) => (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && FASTIFY_HOOKS.has(p.name.text) ? [src(p.initializer)] : []));
      }
      return [src(n)];
    });

  const handlerName = (e: ts.Expression | undefined): string | undefined => {
    if (!e) return undefined;
    const n = unwrap(e);
    return ts.isIdentifier(n) || ts.isPropertyAccessExpression(n) ? src(n) : undefined;
  };

  const routeCall = (call: ts.CallExpression, callee: ts.PropertyAccessExpression) => {
    const method = callee.name.text;
    const receiver = unwrap(callee.expression);
    const recvChain = chainOf(receiver);
    if (recvChain && HTTP_CLIENTS.test(recvChain.split(".").pop() ?? "")) return;
    const args = call.arguments;
    if (ROUTE_METHODS.has(method)) {
      // router.route("/x").post(...) and its chained siblings: the path sits on .route().
      let base: ts.Expression = receiver;
      while (ts.isCallExpression(base) && ts.isPropertyAccessExpression(base.expression) && ROUTE_METHODS.has(base.expression.name.text)) {
        base = unwrap(base.expression.expression);
      }
      let path: string | undefined;
      let handlers: readonly ts.Expression[] = args;
      let recv = recvChain;
      if (ts.isCallExpression(base) && ts.isPropertyAccessExpression(base.expression) && base.expression.name.text === "route" && stringArg(base.arguments[0]) !== undefined) {
        path = stringArg(base.arguments[0]);
        recv = chainOf(base.expression.expression);
      } else {
        const strings = args.map(stringArg);
        const at = strings.findIndex((s, i) => s !== undefined && (s.startsWith("/") || s === "*" || i === 0));
        // Koa's named routes put a name first: router.post("create-user", "/users", ...).
        const pathIndex = strings[0] !== undefined && !strings[0].startsWith("/") && strings[1]?.startsWith("/") ? 1 : at;
        if (pathIndex < 0 || pathIndex > 1) return;
        path = strings[pathIndex];
        handlers = args.slice(pathIndex + 1);
      }
      if (handlers.length === 0 || path === undefined) return;
      const last = handlers[handlers.length - 1]!;
      // Fastify also takes the handler inside the options object: { onRequest, handler }.
      const options = ts.isObjectLiteralExpression(unwrap(last)) ? [last] : [];
      pending.push({
        methods: method === "all" ? ["*"] : [method === "del" ? "DELETE" : method.toUpperCase()],
        path,
        ...(handlerName(last) ? { handler: handlerName(last) } : {}),
        guards: routeGuardTexts([...handlers.slice(0, -1), ...options]),
        line: start(call),
        endLine: start(last),
        ...(recv ? { receiver: recv } : {}),
        scope: scopeOf(call),
        pos: call.getStart(sf),
      });
      return;
    }
    if (!recvChain) return;
    if (method === "on" && args.length >= 3) {
      const path = stringArg(args[1]);
      if (path === undefined) return;
      pending.push({
        methods: methodsOf(args[0]),
        path,
        ...(handlerName(args[args.length - 1]) ? { handler: handlerName(args[args.length - 1]) } : {}),
        guards: routeGuardTexts(args.slice(2, -1)),
        line: start(call),
        endLine: start(args[args.length - 1]!),
        receiver: recvChain,
        scope: scopeOf(call),
        pos: call.getStart(sf),
      });
    } else if (method === "route" && args.length === 1 && ts.isObjectLiteralExpression(unwrap(args[0]!))) {
      const obj = unwrap(args[0]!) as ts.ObjectLiteralExpression;
      const prop = (name: string) => obj.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name)?.initializer;
      const url = stringArg(prop("url") ?? prop("path"));
      if (url === undefined) return;
      pending.push({
        methods: methodsOf(prop("method")),
        path: url,
        ...(handlerName(prop("handler")) ? { handler: handlerName(prop("handler")) } : {}),
        guards: routeGuardTexts([obj]),
        line: start(call),
        endLine: end(call),
        receiver: recvChain,
        scope: scopeOf(call),
        pos: call.getStart(sf),
      });
    } else if (method === "use" && args.length > 0) {
      const first = stringArg(args[0]);
      scopeGuards.push({
        receiver: recvChain,
        scope: scopeOf(call),
        pos: call.getStart(sf),
        ordered: true,
        ...(first !== undefined ? { path: first } : {}),
        texts: (first !== undefined ? args.slice(1) : args).map((a) => src(a)),
      });
    } else if (method === "addHook" && args.length === 2 && FASTIFY_HOOKS.has(stringArg(args[0]) ?? "")) {
      scopeGuards.push({ receiver: recvChain, scope: scopeOf(call), pos: call.getStart(sf), ordered: false, texts: [src(args[1]!)] });
    }
  };

  const nestController = (cls: ts.ClassDeclaration) => {
    const decorators = ts.getDecorators(cls) ?? [];
    const controller = decorators.find((d) => ts.isCallExpression(d.expression) && chainOf(d.expression.expression) === "Controller");
    if (!controller) return;
    const ctrlCall = controller.expression as ts.CallExpression;
    const arg = ctrlCall.arguments[0];
    let prefix = stringArg(arg);
    if (arg && ts.isObjectLiteralExpression(unwrap(arg))) {
      const p = (unwrap(arg) as ts.ObjectLiteralExpression).properties.find((x): x is ts.PropertyAssignment => ts.isPropertyAssignment(x) && ts.isIdentifier(x.name) && x.name.text === "path");
      prefix = stringArg(p?.initializer);
    }
    const classGuards = decorators.filter((d) => d !== controller).map((d) => src(d));
    const className = cls.name?.text ?? "Controller";
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      const mdecs = ts.getDecorators(member) ?? [];
      for (const d of mdecs) {
        const e = d.expression;
        const name = ts.isCallExpression(e) ? chainOf(e.expression) : chainOf(e);
        const method = name ? NEST_METHODS[name] : undefined;
        if (!method) continue;
        const sub = ts.isCallExpression(e) ? stringArg(e.arguments[0]) : undefined;
        const methodName = member.name.getText(sf);
        pending.push({
          methods: [method],
          path: joinPath(prefix ?? "", sub) ?? "/",
          handler: `${className}.${methodName}`,
          guards: [...classGuards, ...mdecs.filter((x) => x !== d).map((x) => src(x))],
          line: start(member),
          endLine: member.body ? start(member.body) : end(member),
          pos: member.getStart(sf),
        });
      }
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteralLike(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : [];
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (!clause.name && named.length > 0 && named.every((e) => e.isTypeOnly)));
      const index = addImport(node.moduleSpecifier, node, typeOnly);
      const module = node.moduleSpecifier.text;
      if (clause?.name) bind(clause.name.text, module, "default", index);
      if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) bind(clause.namedBindings.name.text, module, "*", index);
      for (const e of named) bind(e.name.text, module, (e.propertyName ?? e.name).text, index);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier)) {
      addImport(node.moduleSpecifier, node, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteralLike(node.moduleReference.expression)) {
      const index = addImport(node.moduleReference.expression, node, node.isTypeOnly);
      bind(node.name.text, node.moduleReference.expression.text, "*", index);
    } else if (ts.isCallExpression(node)) {
      const spec = node.arguments[0];
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      const isDynamic = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      if ((isRequire || isDynamic) && spec && ts.isStringLiteralLike(spec)) {
        const index = addImport(spec, node, false);
        const decl = declarationOf(node);
        if (decl) bindDeclaration(decl, spec.text, index);
      } else {
        const chain = chainOf(node.expression);
        if (chain) addUse(chain, node, true);
        if (withRoutes && ts.isPropertyAccessExpression(unwrap(node.expression))) routeCall(node, unwrap(node.expression) as ts.PropertyAccessExpression);
      }
    } else if (ts.isNewExpression(node)) {
      const chain = chainOf(node.expression);
      if (chain) addUse(chain, node, true);
      const decl = declarationOf(node);
      // Koa's new Router({ prefix: "/users" }).
      if (withRoutes && decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && node.arguments?.[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
        const p = node.arguments[0].properties.find((x): x is ts.PropertyAssignment => ts.isPropertyAssignment(x) && ts.isIdentifier(x.name) && x.name.text === "prefix");
        const prefix = stringArg(p?.initializer);
        if (prefix !== undefined) prefixes.set(decl.name.text, prefix);
      }
    } else if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isMetaProperty(node)) && !isInnerChain(node)) {
      const chain = chainOf(node as ts.Expression);
      const root = chain ? rootOf(chain) : undefined;
      if (chain && root && (bindings.has(root) || /^(?:process|Bun|Deno|import)$/.test(root))) addUse(chain, node, false);
    } else if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) {
      stringFact(node);
    } else if (withRoutes && ts.isClassDeclaration(node)) {
      nestController(node);
    }
    if (withRoutes && ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      locals.set(node.name.text, src(node.initializer));
      // Hono's new Hono().basePath("/api").
      const init = unwrap(node.initializer);
      if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === "basePath") {
        const prefix = stringArg(init.arguments[0]);
        if (prefix !== undefined) prefixes.set(node.name.text, prefix);
      }
    }
  };

  /** Part of a longer chain, or a callee: the outer node records it. */
  const isInnerChain = (node: ts.Node): boolean => {
    const p = node.parent;
    if (!p) return false;
    if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === node) return true;
    return (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === node;
  };

  const stringFact = (node: ts.StringLiteralLike | ts.TemplateExpression) => {
    const p = node.parent;
    if (specifierNodes.has(node)) return;
    if (p && (ts.isLiteralTypeNode(p) || ts.isImportTypeNode(p) || ts.isExternalModuleReference(p))) return;
    if (p && (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) || ts.isEnumMember(p)) && p.name === node) return;
    if (p && ts.isCallExpression(p) && (p.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(p.expression) && p.expression.text === "require"))) return;
    const text = ts.isTemplateExpression(node) ? node.head.text + node.templateSpans.map((s) => `?${s.literal.text}`).join("") : node.text;
    const fact: StringFact = { text, line: start(node), endLine: end(node) };
    if (p && ts.isPropertyAssignment(p) && p.initializer === node) {
      fact.key = p.name.getText(sf).replace(/^["']|["']$/g, "");
      if (ts.isObjectLiteralExpression(p.parent)) {
        fact.siblings = p.parent.properties.flatMap((x) => (x.name && x !== p ? [x.name.getText(sf).replace(/^["']|["']$/g, "")] : []));
      }
    }
    strings.push(fact);
  };

  walk(sf, visit);

  for (const u of uses) Object.assign(u, canonical(u.written));

  const routes: RouteFact[] = pending.map((r) => {
    const scoped = r.receiver && r.scope
      ? scopeGuards.filter((g) => g.receiver === r.receiver && within(r.scope!, g.scope) && (!g.ordered || g.pos < r.pos) && pathCovers(g.path, r.path))
      : [];
    const prefix = r.receiver ? prefixes.get(r.receiver) : undefined;
    const guards = [...r.guards, ...scoped.flatMap((g) => g.texts)];
    const held = guards.flatMap((g) => (g.match(/[A-Za-z_$][\w$]*/g) ?? []).flatMap((name) => locals.get(name) ?? []));
    return {
      methods: r.methods.length > 0 ? r.methods : ["*"],
      ...(r.path !== undefined ? { path: prefix !== undefined ? joinPath(prefix, r.path) : r.path } : {}),
      ...(r.handler ? { handler: r.handler } : {}),
      guards: [...guards, ...held],
      line: r.line,
      endLine: r.endLine,
    };
  });
  return { path, imports, uses, strings, routes, lines: text.split("\n") };
}

/** Whether `use("/admin/*", guard)` covers a route's path. */
function pathCovers(pattern: string | undefined, path: string | undefined): boolean {
  if (pattern === undefined || pattern === "*" || pattern === "/*" || pattern === "/") return true;
  if (path === undefined) return false;
  const base = pattern.replace(/\/?\*+$/, "").replace(/\/$/, "");
  return path === base || path.startsWith(`${base}/`);
}
