// A repository's .github/agent-gate.yml, validated strictly (after policy-bot): unknown keys,
// bad values and bad globs are errors that name the key and the values it allows.
import { z } from "zod";
import type { Catalogue } from "./catalogue.js";
import { contractsSectionShape, oneOrMany, overlay, resolveContracts, type ContractsSection } from "./contracts/config.js";
import { globList } from "./glob-list.js";
import { NEVER_EXCLUDED } from "./scope.js";

const ROLE_NAMES = ["read", "triage", "write", "maintain", "admin"] as const;

export function configSchema(catalogue: Catalogue) {
  const scopeNames = Object.keys(catalogue.scopes) as [string, ...string[]];
  const ruleIds = [...catalogue.rules.keys(), ...catalogue.contractRules.keys()] as [string, ...string[]];
  const presetNames = [...catalogue.presets.keys()];
  const scopeOverride = z.strictObject({
    include: globList().default([]),
    exclude: globList().default([]),
    /** Replace the shipped globs instead of adding to them. */
    replace: z.boolean().default(false),
    /** Whether the shipped content signals (an ORM import, SQL text) also put files in scope. */
    signals: z.boolean().default(true),
  });
  return z.strictObject({
    enabled: z.boolean().default(true),
    gate: z.enum(["agents", "all"]).default("agents"),
    agents: z
      .strictObject({
        logins: z.array(z.string()).default([]),
        emails: z.array(z.string()).default([]),
        labels: z.array(z.string()).default([]),
        branch_prefixes: z.array(z.string()).default([]),
        gate_automation: z.boolean().default(false),
      })
      .prefault({}),
    scopes: z
      .partialRecord(z.enum(scopeNames), scopeOverride)
      .default({})
      .superRefine((scopes, ctx) => {
        for (const name of NEVER_EXCLUDED) {
          const o = scopes[name];
          const message = `exclude globs never remove a file from the ${NEVER_EXCLUDED.map((n) => `\`${n}\``).join(" or ")} scopes; only \`include\` and \`signals\` may be set for \`${name}\``;
          if (o && o.exclude.length > 0) ctx.addIssue({ code: "custom", path: [name, "exclude"], message });
          if (o?.replace) ctx.addIssue({ code: "custom", path: [name, "replace"], message });
        }
      }),
    rules: z.partialRecord(z.enum(ruleIds), z.enum(["off", "notice", "warning", "blocking"])).default({}),
    limits: z
      .strictObject({
        max_file_bytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
      })
      .prefault({}),
    approvals: z
      .strictObject({
        count: z.number().int().min(1).max(10).default(1),
        min_role: z.enum(ROLE_NAMES.slice(2) as ["write", "maintain", "admin"]).default("write"),
        /** Custom repository roles that also qualify. */
        roles: z.array(z.string()).default([]),
        teams: z.array(z.string()).default([]),
        allow_author: z.boolean().default(false),
        allow_contributors: z.boolean().default(false),
        require_reason: z.boolean().default(true),
        keep_approval_when_findings_unchanged: z.boolean().default(false),
      })
      .prefault({}),
    contracts: z
      .strictObject({
        use: oneOrMany(z.enum(presetNames as [string, ...string[]])).optional(),
        ...contractsSectionShape,
      })
      .optional()
      .transform((raw, ctx) => {
        const { use = [], ...own } = raw ?? {};
        const merged = [...use.map((name) => catalogue.presets.get(name)?.contracts), own].reduce<unknown>((acc, part) => overlay(acc, part), {});
        const { contracts, issues } = resolveContracts(use, merged as ContractsSection);
        for (const issue of issues) ctx.issues.push({ code: "custom", message: issue.message, path: issue.path, input: raw });
        return issues.length > 0 ? z.NEVER : contracts;
      }),
  });
}

export type GateConfig = z.infer<ReturnType<typeof configSchema>>;

/** A config file in force: its repository ("owner/name"), path, the ref and the blob it was read at. */
export interface ConfigFile {
  repo: string;
  path: string;
  ref: string;
  /** The file's blob SHA ("" when the API did not say). */
  sha: string;
}

export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    readonly source: string,
  ) {
    super(`${source} is invalid:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Keys a strict object at this path accepts, so an unknown-key error can list them. */
function allowedKeysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  let node: z.ZodType | undefined = schema;
  for (const key of path) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(key)];
    else if (node instanceof z.ZodRecord) node = node._zod.def.valueType as z.ZodType;
    else if (node instanceof z.ZodArray) node = node._zod.def.element as z.ZodType;
    else return [];
  }
  node = unwrap(node);
  if (node instanceof z.ZodObject) return Object.keys(node.shape);
  const keyType = node instanceof z.ZodRecord ? node._zod.def.keyType : undefined;
  return keyType instanceof z.ZodEnum ? keyType.options.map(String) : [];
}

function unwrap(node: z.ZodType | undefined): z.ZodType | undefined {
  let n = node;
  while (n && (n instanceof z.ZodDefault || n instanceof z.ZodPrefault || n instanceof z.ZodOptional || n instanceof z.ZodPipe)) {
    n = (n instanceof z.ZodPipe ? n._zod.def.in : n._zod.def.innerType) as z.ZodType;
  }
  return n;
}

function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue): string[] {
  const at = issue.path.map(String).join(".");
  const where = at === "" ? "the top level" : `\`${at}\``;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const name = at === "" ? key : `${at}.${key}`;
        const allowed = allowedKeysAt(schema, issue.path);
        return `unknown key \`${name}\`; allowed keys at ${where}: ${allowed.join(", ")}`;
      });
    case "invalid_value":
      return [`${where} must be one of: ${issue.values.map(String).join(", ")}`];
    case "invalid_key": {
      const inner = issue.issues[0];
      // A key checked by a rule rather than a list (a confine API) says what it must look like.
      if (inner && inner.code !== "invalid_value") return [`${where}: ${inner.message}`];
      const values = inner && inner.code === "invalid_value" ? inner.values.map(String).join(", ") : "";
      return [`unknown key under ${where}; allowed: ${values}`];
    }
    case "invalid_type":
      return [`${where} must be ${issue.expected}`];
    default:
      return [`${where}: ${issue.message}`];
  }
}

/** Validates raw config data (already parsed from YAML); throws ConfigError listing every problem. */
export function parseConfig(raw: unknown, catalogue: Catalogue, source = ".github/agent-gate.yml"): GateConfig {
  const schema = configSchema(catalogue);
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.flatMap((i) => describeIssue(schema, i)), source);
}

export function defaultConfig(catalogue: Catalogue): GateConfig {
  return parseConfig({}, catalogue);
}
