// Loads the shipped defaults in rules/: agent identities, scopes and rule metadata. They are
// validated as strictly as a repository's config: a bad shipped file is a bug, found at start.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { CATEGORIES } from "./types.js";
import type { RuleMeta } from "../verifiers/types.js";
import { PresetFileSchema, type Preset } from "./contracts/config.js";
import { contractMessageProblem } from "./contracts/report.js";
import { rulesDir } from "./rules-dir.js";

const langs = z.enum(["python", "typescript", "javascript", "text"]);

const regex = z.string().refine((p) => {
  try {
    new RegExp(p, "i");
    return true;
  } catch {
    return false;
  }
}, "not a valid regular expression");

const AgentSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  logins: z.array(z.string()).default([]),
  bot_ids: z.array(z.number().int()).default([]),
  emails: z.array(z.string()).default([]),
  branch_prefixes: z.array(z.string()).default([]),
  body_markers: z.array(z.string()).default([]),
  author_name_suffixes: z.array(z.string()).default([]),
  message_prefixes: z.array(z.string()).default([]),
  trailers: z.array(z.string()).default([]),
  /** Head-branch shapes (regular expressions) that are the agent's on their own. */
  branch_patterns: z.array(regex).default([]),
  /** Head-branch shapes that may name the agent only next to another signal: they never gate alone. */
  weak_branch_patterns: z.array(regex).default([]),
});
export type AgentIdentity = z.infer<typeof AgentSchema>;

/** An AI code reviewer: never a qualified approver; its accepted suggestions are not agent authorship. */
const ReviewerSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  logins: z.array(z.string()).default([]),
  bot_ids: z.array(z.number().int()).default([]),
});
export type AiReviewer = z.infer<typeof ReviewerSchema>;

const AgentsFileSchema = z.strictObject({
  agents: z.array(AgentSchema),
  reviewers: z.array(ReviewerSchema).default([]),
  labels: z.array(z.string()),
  automation: z.strictObject({ logins: z.array(z.string()), bot_ids: z.array(z.number().int()) }),
});
export type AgentsCatalogue = z.infer<typeof AgentsFileSchema>;

const SignalSchema = z.strictObject({
  language: z.union([langs, z.array(langs)]).transform((l) => (Array.isArray(l) ? l : [l])),
  pattern: z.string(),
  flags: z.string().optional(),
  reason: z.string(),
});
const ScopeSchema = z.strictObject({
  description: z.string(),
  include: z.array(z.string()),
  exclude: z.array(z.string()).default([]),
  signals: z.array(SignalSchema).default([]),
});
export type ScopeDef = z.infer<typeof ScopeSchema>;
const ScopesFileSchema = z.strictObject({ scopes: z.record(z.string(), ScopeSchema) });

const RuleMetaFields = z.strictObject({
  id: z.string(),
  description: z.string().min(10),
  category: z.enum(CATEGORIES),
  cwe: z.array(z.string().regex(/^CWE-\d+$/)),
  severity: z.enum(["blocking", "warning", "notice"]),
  scopes: z.array(z.string()).min(1),
  why: z.string().min(10),
  remediation: z.string().min(10),
  messages: z.record(z.string(), z.string()),
  /** Messages whose severity differs from the rule's own (a rule can warn about one pattern and block another). */
  levels: z.record(z.string(), z.enum(["blocking", "warning", "notice"])).optional(),
  examples: z.strictObject({ bad: z.string(), good: z.string() }),
});
const levelsNameMessages = {
  check: (m: { messages: Record<string, string>; levels?: Record<string, string> | undefined }) => Object.keys(m.levels ?? {}).every((id) => id in m.messages),
  params: { message: "every key of `levels` must be a message id of the rule", path: ["levels"] },
};
const RuleMetaSchema = RuleMetaFields.refine(levelsNameMessages.check, levelsNameMessages.params);

export interface Catalogue {
  agents: AgentsCatalogue;
  scopes: Record<string, ScopeDef>;
  rules: Map<string, RuleMeta>;
  /** Rules of the structural contracts (rules/contracts/<name>.yml, id contracts/<name>): whole-project checks, not verifier modules. */
  contractRules: Map<string, RuleMeta>;
  /** Contract presets a repository can `use:` (rules/contracts/presets/<name>.yml). */
  presets: Map<string, Preset>;
}

/** Contract rules read no scope: the team's contract says which files they apply to. */
export const CONTRACTS_SCOPE = "contracts";
const ContractRuleSchema = RuleMetaFields.omit({ scopes: true }).refine(levelsNameMessages.check, levelsNameMessages.params);

function loadContracts(dir: string): Pick<Catalogue, "contractRules" | "presets"> {
  const contractRules = new Map<string, RuleMeta>();
  const presets = new Map<string, Preset>();
  const contractsDir = join(dir, "contracts");
  if (!existsSync(contractsDir)) return { contractRules, presets };
  for (const name of readdirSync(contractsDir).filter((n) => n.endsWith(".yml"))) {
    const meta = ContractRuleSchema.parse(readYaml(join(contractsDir, name)));
    const expected = `contracts/${name.replace(/\.yml$/, "")}`;
    if (meta.id !== expected) throw new Error(`${join(contractsDir, name)}: id ${meta.id} must equal its path ${expected}`);
    const problem = contractMessageProblem(meta);
    if (problem) throw new Error(`${join(contractsDir, name)}: ${problem}`);
    contractRules.set(meta.id, { ...meta, scopes: [CONTRACTS_SCOPE] });
  }
  const presetsDir = join(contractsDir, "presets");
  if (existsSync(presetsDir)) {
    for (const name of readdirSync(presetsDir).filter((n) => n.endsWith(".yml"))) {
      presets.set(name.replace(/\.yml$/, ""), PresetFileSchema.parse(readYaml(join(presetsDir, name))));
    }
  }
  return { contractRules, presets };
}

function readYaml(path: string): unknown {
  return parse(readFileSync(path, "utf8"));
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return yamlFilesUnder(full);
    return name.endsWith(".yml") ? [full] : [];
  });
}

let cached: Catalogue | undefined;

export function loadCatalogue(dir = rulesDir()): Catalogue {
  if (cached && dir === rulesDir()) return cached;
  const agents = AgentsFileSchema.parse(readYaml(join(dir, "agents.yml")));
  const scopes = ScopesFileSchema.parse(readYaml(join(dir, "scopes.yml"))).scopes;
  const rules = new Map<string, RuleMeta>();
  const verifiersDir = join(dir, "verifiers");
  for (const file of yamlFilesUnder(verifiersDir)) {
    const meta = RuleMetaSchema.parse(readYaml(file));
    const expected = relative(verifiersDir, file).replace(/\.yml$/, "").split("\\").join("/");
    if (meta.id !== expected) throw new Error(`${file}: id ${meta.id} must equal its path ${expected}`);
    for (const scope of meta.scopes) {
      if (!scopes[scope]) throw new Error(`${file}: unknown scope ${scope}`);
    }
    rules.set(meta.id, meta);
  }
  const catalogue = { agents, scopes, rules, ...loadContracts(dir) };
  if (dir === rulesDir()) cached = catalogue;
  return catalogue;
}
