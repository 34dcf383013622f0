// SQL text built from non-constant values (f-strings, `%`, `+`, `.format()`, `.join()`) that
// reaches a query sink, directly or through a variable assigned earlier in the same scope (see
// the value flow, src/analysis/python/value-flow.ts). This rule only says what a sink is.
import type { Node } from "web-tree-sitter";
import { defineVerifier, type VerifierContext } from "../types.js";
import { wordGate } from "../../engine/rule-gate.js";
import { DB_RECEIVER, DYNAMO_EXPRESSIONS, DYNAMO_METHODS, FETCH_METHODS, FRAGMENT_METHODS, RAW_METHODS, SQL_FUNCTIONS, SQL_METHODS } from "./sql-sinks.js";
import { type Callee, callee, hasSite, importedNames, indexOf, keywordArg, lines, named, positionalArgs, unwrap } from "./ast.js";
import { type FlowState, type How, type Part, type Str, flowValues, isConstant } from "../../analysis/python/value-flow.js";
import { DJANGO_MANAGER_IN, SQLALCHEMY_ALIAS, SQLALCHEMY_MODULE, TEXT_FUNCTION } from "../../knowledge/python/orm.js";
import { handedOnSlot, parameterSlot } from "../../analysis/python/parameter-slot.js";
import { MISSING, argumentAt, callsKey } from "../../analysis/python/call-arguments.js";
import type { CallKey } from "../../engine/types.js";
import type { PyIndex } from "../../analysis/python/index.js";
import { SELF_NAME } from "../../knowledge/python/value-origins.js";
import { isTestOrFixturePath } from "../../knowledge/test-paths.js";
import { NAME_ONLY_DDL, bindsNothing, looksLikeSql, slotAt } from "../../knowledge/sql-text.js";
import { CONST_ATTRIBUTE, ESCAPES_IN_BODY, isQuotingName } from "../../knowledge/python/sql-identifiers.js";

const MESSAGE_IDS = ["execute", "script", "asyncpg", "driver", "text", "raw", "extra", "pandas", "fragment", "dynamo", "noParams", "ddl", "unproven"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

interface Sink {
  messageId: MessageId;
  /** A weak sink (a generic name like `fetch` or `text`) counts only when the string looks like SQL. */
  strong: boolean;
  candidates: Node[];
  /** Reported only when request data is built in (DynamoDB expressions are often built from constant names). */
  requestOnly?: boolean;
}

interface FileFacts {
  textNames: ReadonlySet<string>;
  /** The file imports SQLAlchemy, so a query method's string argument is a SQL fragment. */
  sqlalchemy: boolean;
}

const HOW: Record<How, string> = {
  fstring: "with an f-string interpolating",
  percent: "with `%` formatting of",
  concat: "by concatenating",
  format: "with `.format()` of",
  join: "by joining",
};

const SQL_KEYWORDS = ["sql", "query", "statement", "operation"];

/** "with an f-string interpolating `a`, `b` and by concatenating `c`" (each value once, at most six). */
function describe(parts: Part[]): string {
  const groups = new Map<How, string[]>();
  const seen = new Set<string>();
  for (const p of parts) {
    const key = `${p.how} ${p.value}`;
    if (seen.size >= 6 || seen.has(key)) continue;
    seen.add(key);
    groups.set(p.how, [...(groups.get(p.how) ?? []), `\`${p.value}\``]);
  }
  return [...groups].map(([how, values]) => `${HOW[how]} ${values.join(", ")}`).join(" and ");
}

/**
 * Certain enough to block: request data built in, or a value that could have been bound (a value
 * slot, or one the flow cannot place) coming from the caller or from nowhere the file shows. Names
 * and values of the object itself, its settings or the database are for a reviewer to confirm.
 */
function certain(s: Str): boolean {
  return fromClient(s) || s.parts.some((p) => ((p.offset === undefined || slotAt(s.text, p.offset) === "value") && (p.origin === "parameter" || p.origin === "unknown")));
}

/** Request data, or a parameter whose name says the client sent it (`search_term`, `order_by`). */
function fromClient(s: Str): boolean {
  return s.parts.some((p) => p.request || p.origin === "input");
}

/**
 * Blocking only because a value slot is filled from one parameter of the function around the call,
 * with no request data anywhere: the key of that parameter, so the engine can look at the callers.
 */
function restsOnParameter(call: Node, s: Str): ReturnType<typeof parameterSlot> {
  if (fromClient(s)) return undefined;
  const certainParts = s.parts.filter((p) => (p.offset === undefined || slotAt(s.text, p.offset) === "value") && (p.origin === "parameter" || p.origin === "unknown"));
  const names = new Set(certainParts.map((p) => p.value));
  const [only] = names;
  if (names.size !== 1 || only === undefined || certainParts.some((p) => p.origin !== "parameter") || !/^[A-Za-z_]\w*$/.test(only)) return undefined;
  return parameterSlot(call, only);
}

/** Which message a built statement gets, if any. */
function messageFor(s: Str, sink: Sink): MessageId | undefined {
  const request = fromClient(s);
  if (sink.requestOnly && !request) return undefined;
  // Placeholders cannot be the fix in statements that bind nothing: names are, unless the client gave them.
  if (bindsNothing(s.text)) return request ? "noParams" : "unproven";
  if (NAME_ONLY_DDL.test(s.text)) return request ? "noParams" : "ddl";
  return certain(s) ? sink.messageId : "unproven";
}

/** `.extra(where=[…], select={…})`: every clause is SQL. */
function extraClauses(call: Node): Node[] {
  const where = keywordArg(call, "where");
  const select = keywordArg(call, "select");
  return [
    ...(where ? (/^(list|tuple)$/.test(where.type) ? named(where) : [where]) : []),
    ...(select ? (select.type === "dictionary" ? named(select).flatMap((p) => p.childForFieldName("value") ?? []) : [select]) : []),
  ];
}

function sinkOf(call: Node, c: Callee, facts: FileFacts): Sink | undefined {
  const arg = positionalArgs(call)[0] ?? SQL_KEYWORDS.map((k) => keywordArg(call, k)).find((a) => a);
  const first = arg ? [arg] : [];
  const receiver = c.object?.text ?? "";
  if (!c.object && facts.textNames.has(c.name)) return { messageId: "text", strong: true, candidates: first };
  const method = c.object !== undefined;
  if (method && FRAGMENT_METHODS.includes(c.name)) return { messageId: "fragment", strong: facts.sqlalchemy, candidates: positionalArgs(call) };
  if (method && DYNAMO_METHODS.includes(c.name)) {
    const expressions = DYNAMO_EXPRESSIONS.flatMap((k) => keywordArg(call, k) ?? []);
    return expressions.length > 0 ? { messageId: "dynamo", strong: true, candidates: expressions, requestOnly: true } : undefined;
  }
  switch (c.name) {
    case "execute":
    case "executemany":
      return method ? { messageId: "execute", strong: true, candidates: first } : undefined;
    case "executescript":
      return method ? { messageId: "script", strong: true, candidates: first } : undefined;
    case "run":
      // pg8000's `con.run(sql)`: a generic name, so only on a database handle.
      return method && DB_RECEIVER.test(receiver) ? { messageId: "asyncpg", strong: true, candidates: first } : undefined;
    case "cursor":
      // asyncpg's `conn.cursor(sql)`; psycopg2's `conn.cursor(name)` takes a cursor name, so only SQL-looking text counts.
      return method && DB_RECEIVER.test(receiver) ? { messageId: "asyncpg", strong: false, candidates: first } : undefined;
    case "fetch":
    case "fetchrow":
    case "fetchval":
      return method ? { messageId: "asyncpg", strong: DB_RECEIVER.test(receiver), candidates: first } : undefined;
    case "exec_driver_sql":
      return { messageId: "driver", strong: true, candidates: first };
    case "text":
      return { messageId: "text", strong: SQLALCHEMY_ALIAS.test(receiver.split(".")[0] ?? ""), candidates: first };
    case "raw":
      return method ? { messageId: "raw", strong: DJANGO_MANAGER_IN.test(receiver), candidates: first } : undefined;
    case "RawSQL":
      return { messageId: "raw", strong: true, candidates: first };
    case "read_sql":
    case "read_sql_query":
      return { messageId: "pandas", strong: true, candidates: first };
    case "extra":
      return method ? { messageId: "extra", strong: true, candidates: extraClauses(call) } : undefined;
    default:
      return undefined;
  }
}

/** Reports the first candidate of a sink that is SQL built from a non-constant value; whether it did. */
function checkSink(ctx: VerifierContext<MessageId>, call: Node, c: Callee, sink: Sink, state: FlowState): boolean {
  for (const candidate of sink.candidates) {
    const arg = unwrap(candidate);
    const s = state.valueOf(arg);
    if (!s || isConstant(s)) continue;
    const binding = arg.type === "identifier" ? state.binding(arg.text) : undefined;
    if (reportBuilt(ctx, { call, c, sink }, s, binding ? ` into \`${arg.text}\` on line ${binding.line}` : "", call)) return true;
  }
  return false;
}

/** A sink call and what it is. */
interface SinkSite {
  call: Node;
  c: Callee;
  sink: Sink;
}

/**
 * Reports `s` reaching the sink if it is SQL built from a non-constant value; `from` is the call the
 * value is built at (the sink, or a wrapper's caller), whose function's callers the engine may ask.
 */
function reportBuilt(ctx: VerifierContext<MessageId>, at: SinkSite, s: Str, via: string, from: Node): boolean {
  if (!(at.sink.strong || s.cut || looksLikeSql(s.text, "query") || NAME_ONLY_DDL.test(s.text))) return false;
  const messageId = messageFor(s, at.sink);
  if (!messageId) return false;
  const full = at.call.childForFieldName("function")?.text.replace(/\s+/g, "") ?? "";
  const data = { built: describe(s.parts) + via, sink: full.length <= 60 ? full : `….${at.c.name}` };
  const key = messageId === at.sink.messageId ? restsOnParameter(from, s) : undefined;
  // `unproven` leaves `{{callers}}` to the engine when it is what the finding becomes.
  const instead = key && { unlessCallers: { ...key, instead: { messageId: "unproven" as const, data, ...lines(at.call) } } };
  ctx.report({ messageId, data: { ...data, callers: "" }, ...lines(at.call), ...instead });
  return true;
}

/**
 * A function that hands its parameter to a sink as it is (`def run(sql): cur.execute(sql)`): what
 * the file's calls of it pass is what reaches the sink.
 */
interface Wrapper extends SinkSite {
  key: CallKey;
}

/** How many helpers up a parameter handed to a sink is followed (`view → query_all(sql) → run(sql) → execute`). */
const MAX_FORWARDS = 3;

/** The key of the parameter of the function around `call` that `arg` is, if it is one. */
function forwarded(call: Node, arg: Node | typeof MISSING | undefined): CallKey | undefined {
  const id = arg !== undefined && arg !== MISSING ? unwrap(arg) : undefined;
  return id?.type === "identifier" ? handedOnSlot(call, id.text) : undefined;
}

const sameKey = (a: CallKey, b: CallKey): boolean => a.name === b.name && a.method === b.method && a.param === b.param;

/** The helpers whose parameter reaches a sink as it is, directly or through helpers calling helpers. */
function wrappersOf(index: PyIndex, sites: Node[], facts: FileFacts): Wrapper[] {
  let level = sites.flatMap((call): Wrapper[] => {
    const c = callee(call);
    const sink = c && sinkOf(call, c, facts);
    const key = sink && forwarded(call, sink.candidates[0]);
    return c && sink && key ? [{ call, c, sink, key }] : [];
  });
  const all = [...level];
  for (let hop = 1; hop < MAX_FORWARDS && level.length > 0; hop++) {
    level = level.flatMap((w) =>
      index.callsNamed([w.key.name]).flatMap((call): Wrapper[] => {
        const key = callsKey(call, w.key) ? forwarded(call, argumentAt(call, w.key)) : undefined;
        return key && !all.some((x) => x.call.id === w.call.id && sameKey(x.key, key)) ? [{ ...w, key }] : [];
      }),
    );
    all.push(...level);
  }
  return all;
}

function check(ctx: VerifierContext<MessageId>): void {
  if (isTestOrFixturePath(ctx.path)) return;
  const imports = importedNames(ctx);
  const textNames = new Set([...imports].flatMap(([local, module]) => (TEXT_FUNCTION.test(module) ? [local] : [])));
  const facts: FileFacts = { textNames, sqlalchemy: [...imports.values()].some((m) => SQLALCHEMY_MODULE.test(m)) };
  // Functions and classes with no sink call inside are not walked: their bindings are local.
  const names = [...SQL_METHODS, ...FETCH_METHODS, ...RAW_METHODS, ...SQL_FUNCTIONS, ...FRAGMENT_METHODS, ...DYNAMO_METHODS, ...textNames];
  const sinkCalls = indexOf(ctx).callsNamed(names);
  if (sinkCalls.length === 0) return;
  const wrappers = wrappersOf(indexOf(ctx), sinkCalls, facts);
  const sites = indexOf(ctx).callsNamed([...names, ...wrappers.map((w) => w.key.name)]).map((n) => n.startIndex);
  // Sinks that reported on their own, and what each wrapper's callers pass it, in walk order.
  const reported = new Set<number>();
  const passed = new Map<Wrapper, { from: Node; s: Str; sure: boolean }[]>();
  flowValues(ctx.python(), {
    // A quoting helper the file defines itself must escape something, or it is only a name.
    safeCall: (c, local) => isQuotingName(c.name, c.object?.text, c.object ? undefined : imports.get(c.name)) && (!local || ESCAPES_IN_BODY.test(local.childForFieldName("body")?.text ?? "")),
    constantAttribute: (text) => CONST_ATTRIBUTE.test(text),
    descend: (start, end) => hasSite(sites, start, end),
    onCall: (call, c, state) => {
      const sink = sinkOf(call, c, facts);
      if (sink && checkSink(ctx, call, c, sink, state)) reported.add(call.id);
      // A call that is a sink itself was judged as one (`cursor.execute` when the wrapper is an `execute` method).
      if (sink) return;
      for (const w of wrappers) {
        const arg = callsKey(call, w.key) ? argumentAt(call, w.key) : undefined;
        const s = arg !== undefined && arg !== MISSING ? state.valueOf(unwrap(arg)) : undefined;
        // On another object than self the method may be another class's: only SQL-looking text counts.
        const sure = !c.object || SELF_NAME.test(c.object.text);
        if (s && !isConstant(s)) passed.set(w, [...(passed.get(w) ?? []), { from: call, s, sure }]);
      }
    },
  });
  for (const w of wrappers) {
    if (reported.has(w.call.id)) continue;
    const found = (passed.get(w) ?? []).some(({ from, s, sure }) => {
      const at = sure ? w : { ...w, sink: { ...w.sink, strong: false } };
      const name = from.childForFieldName("function")?.text.replace(/\s+/g, "") ?? w.key.name;
      return reportBuilt(ctx, at, s, ` on line ${lines(from).line} and passed to \`${name}\`,`, from);
    });
    // One finding per sink, whichever helper's caller showed it.
    if (found) reported.add(w.call.id);
  }
}

export const verifier = defineVerifier({
  id: "python/sql-injection",
  languages: ["python"],
  messageIds: MESSAGE_IDS,
  // Every sink is a call by one of these names (`text` also stands for its imported aliases).
  gate: wordGate([...SQL_METHODS, ...FETCH_METHODS, ...RAW_METHODS, ...SQL_FUNCTIONS, ...FRAGMENT_METHODS, ...DYNAMO_METHODS]),
  check,
});
