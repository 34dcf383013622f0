// Calls whose result cannot carry an attacker's syntax into text, for the TypeScript value flow:
// conversions to numbers, dates and ids, and escapers, with the escapers of other languages
// (regular expressions, shells, URLs, markup, LIKE patterns) kept apart because SQL's quotes pass
// through them. One list; the flow (src/analysis/typescript/value-flow.ts) reads it.

/** Calls whose result cannot carry syntax: numbers, booleans, dates, escaped text. */
export const SAFE_CALLS = new Set([
  ...["Number", "parseInt", "parseFloat", "Boolean", "toFixed", "toISOString", "getTime"],
  ...["randomUUID", "uuid", "uuidv4", "nanoid"],
  ...["escape", "escapeId", "escapeIdentifier", "escapeLiteral", "quoteIdentifier"],
]);
/** `escapePath`, `escapeIdentifier`, `quoteName`…: helpers whose whole job is to make a value safe in SQL text. */
export const ESCAPER = /^(?:escape|quote)[A-Z]\w*$/;
/** Escapers for another language (a regular expression, a shell, a URL, markup, LIKE patterns): SQL's quotes pass through them. */
export const OTHER_ESCAPER = /^(?:escape|quote)(?:Reg[Ee]xp?|String[Rr]eg[Ee]xp|Shell\w*|Ur[li]\w*|URI\w*|URL|Glob|Markdown|Html|HTML|Xml|XML|Json|JSON|Like|Css|CSS|Attr\w*|Arg)$/;
/**
 * What a file's own escaping helper must do for its name to count: replace a quote character
 * (`.replaceAll("'", "''")`, `.replace(/"/g, '""')`) or call a real SQL escaper.
 */
export const ESCAPES_IN_BODY = /\.replace(?:All)?\(\s*(?:(["'`])[^"'`\n]*?["'`][^"'`\n]*?\1|\/[^/\n]*["'`][^/\n]*\/)|\b(?:escapeLiteral|escapeIdentifier|escapeId|escape|format)\(/;
