// The `contracts:` section of .github/agent-gate.yml: the structural rules a team declares once.
// Presets in rules/contracts/presets/ are the same section without `use`; a team's own keys are
// laid over the presets it uses (objects merge key by key, lists replace), then checked whole.
import { z } from "zod";
import { globList } from "../glob-list.js";
import { ENGINES, ORM_NAMES } from "./knowledge.js";

/** Named APIs `confine` knows; any other key is a dotted call such as `jwt.sign` or `os.getenv`. */
export const BUILTIN_APIS = ["raw-sql", "env", "jwt-sign", "shell"] as const;

export const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;

const DOTTED_CALL = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
const EDGE = /^\s*([\w-]+)\s*->\s*([\w-]+)\s*$/;

/** A value or a list of them; a single value is read as a list of one, so errors name the allowed values. */
export const oneOrMany = <T extends z.ZodType>(item: T) => z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(item).min(1));

const layerName = z.string().regex(/^[\w-]+$/, "a layer name is letters, digits, _ and -");

/** Every key optional and no defaults: presets and a team's section merge before defaults apply. */
export const contractsSectionShape = {
  /** Paths no contract reads (tests and vendored code by default). */
  exclude: globList().optional(),
  layers: z
    .strictObject({
      /** Top to bottom: a layer may import itself and the layer just below it. */
      order: z.array(layerName).min(2).optional(),
      paths: z.record(layerName, globList().min(1)).optional(),
      /** Whether a layer may import any layer below it, not only the next one. */
      allow_skip: z.boolean().optional(),
      /** Extra edges that are allowed, as "from -> to". */
      allow: z.array(z.string().regex(EDGE, 'an edge is written "from -> to", e.g. "routes -> models"')).optional(),
      /** Type-only imports (`import type`, `if TYPE_CHECKING:`) are no runtime dependency; count them anyway? */
      count_type_imports: z.boolean().optional(),
      data_access: z
        .strictObject({
          /** The layer that owns database access. */
          layer: layerName.optional(),
          /** Layers whose files may not open sessions or call the ORM or a driver themselves. */
          forbidden_in: z.array(layerName).optional(),
        })
        .optional(),
    })
    .optional(),
  orm: z
    .strictObject({
      require: oneOrMany(z.enum(ORM_NAMES)).optional(),
      /** Where raw drivers and SQL text are allowed. */
      raw_allowed_in: globList().optional(),
    })
    .optional(),
  database: z
    .strictObject({
      require: oneOrMany(z.enum(ENGINES)).optional(),
      /** Where evidence of another engine is allowed (an in-memory SQLite for tests, say). */
      others_allowed_in: globList().optional(),
    })
    .optional(),
  confine: z
    .record(
      z.string().refine((k) => (BUILTIN_APIS as readonly string[]).includes(k) || DOTTED_CALL.test(k), {
        message: `not an API: use one of ${BUILTIN_APIS.join(", ")}, or a dotted call such as jwt.sign or os.getenv`,
      }),
      z.strictObject({
        only_in: globList().min(1),
        /** Said in every finding, so the agent knows where the call belongs. */
        why: z.string().optional(),
      }),
    )
    .optional(),
  require_auth: z
    .strictObject({
      /** Route files this contract reads. */
      routes: globList().min(1).optional(),
      /** Decorators, dependencies, middlewares or guards, by name: login_required, get_current_user, requireAuth, JwtAuthGuard. */
      guards: z.array(z.string().regex(/^[\w$.]+$/, "a guard is a name such as login_required or fastify.authenticate")).min(1).optional(),
      /** Routes that need no guard: "POST /auth/login", "/health" (any method) or a handler's name. */
      public: z.array(z.string().min(1)).optional(),
      methods: z.array(z.enum(HTTP_METHODS)).optional(),
    })
    .optional(),
};

export const PresetSectionSchema = z.strictObject(contractsSectionShape);
export type ContractsSection = z.infer<typeof PresetSectionSchema>;

export const PresetFileSchema = z.strictObject({
  description: z.string().min(10),
  contracts: PresetSectionSchema,
});
export type Preset = z.infer<typeof PresetFileSchema>;

/** Besides tests (code named as a test, other files under a test folder: contracts/index.ts), which no contract reads unless `exclude` is set. */
export const DEFAULT_EXCLUDE = ["**/node_modules/**", "**/vendor/**"];

export interface LayersContract {
  order: string[];
  paths: Record<string, string[]>;
  allow_skip: boolean;
  allow: { from: string; to: string }[];
  count_type_imports: boolean;
  data_access?: { layer: string; forbidden_in: string[] };
}

export interface Contracts {
  /** Presets in use, in order. */
  use: string[];
  exclude: string[];
  /** Test files are skipped too: true unless the team wrote its own `exclude`. */
  excludeTests: boolean;
  layers?: LayersContract;
  orm?: { require: string[]; raw_allowed_in: string[] };
  database?: { require: (typeof ENGINES)[number][]; others_allowed_in: string[] };
  confine: { api: string; only_in: string[]; why?: string }[];
  require_auth?: { routes: string[]; guards: string[]; public: string[]; methods: string[] };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Objects merge key by key; anything else (lists included) is replaced by the later value. */
export function overlay(base: unknown, top: unknown): unknown {
  if (top === undefined) return base;
  if (!isObject(base) || !isObject(top)) return top;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(top)) out[k] = overlay(base[k], v);
  return out;
}

type Issue = { path: (string | number)[]; message: string };

/** Applies defaults and checks what no single key can: layer names that must exist, complete sections. */
export function resolveContracts(use: string[], merged: ContractsSection): { contracts: Contracts; issues: Issue[] } {
  const issues: Issue[] = [];
  const contracts: Contracts = { use, exclude: merged.exclude ?? DEFAULT_EXCLUDE, excludeTests: merged.exclude === undefined, confine: [] };
  const l = merged.layers;
  if (l) {
    const order = l.order ?? [];
    const known = (name: string, path: (string | number)[]) => {
      if (!order.includes(name)) issues.push({ path: ["layers", ...path], message: `unknown layer \`${name}\`; layers in \`layers.order\`: ${order.join(", ") || "(none)"}` });
    };
    if (order.length === 0) issues.push({ path: ["layers", "order"], message: "list the layers from top to bottom, e.g. [routes, services, repositories, models]" });
    if (new Set(order).size !== order.length) issues.push({ path: ["layers", "order"], message: "names a layer twice" });
    const paths = l.paths ?? {};
    for (const name of Object.keys(paths)) known(name, ["paths", name]);
    for (const name of order) {
      if (!paths[name]) issues.push({ path: ["layers", "paths"], message: `layer \`${name}\` has no paths: give it a list of globs` });
    }
    const allow = (l.allow ?? []).map((edge, i) => {
      const [, from = "", to = ""] = EDGE.exec(edge) ?? [];
      known(from, ["allow", i]);
      known(to, ["allow", i]);
      return { from, to };
    });
    let dataAccess: LayersContract["data_access"];
    if (l.data_access) {
      const layer = l.data_access.layer;
      if (!layer) issues.push({ path: ["layers", "data_access", "layer"], message: "name the layer that owns database access, e.g. repositories" });
      else known(layer, ["data_access", "layer"]);
      const forbidden = l.data_access.forbidden_in ?? [];
      forbidden.forEach((f, i) => known(f, ["data_access", "forbidden_in", i]));
      if (layer) dataAccess = { layer, forbidden_in: forbidden };
    }
    contracts.layers = {
      order,
      paths,
      allow_skip: l.allow_skip ?? false,
      allow,
      count_type_imports: l.count_type_imports ?? false,
      ...(dataAccess ? { data_access: dataAccess } : {}),
    };
  }
  if (merged.orm) {
    if (!merged.orm.require) issues.push({ path: ["orm", "require"], message: `name the required ORM, one of: ${ORM_NAMES.join(", ")}` });
    else contracts.orm = { require: merged.orm.require, raw_allowed_in: merged.orm.raw_allowed_in ?? ["**/migrations/**", "**/alembic/**"] };
  }
  if (merged.database) {
    if (!merged.database.require) issues.push({ path: ["database", "require"], message: `name the required database engine, one of: ${ENGINES.join(", ")}` });
    else contracts.database = { require: merged.database.require, others_allowed_in: merged.database.others_allowed_in ?? [] };
  }
  contracts.confine = Object.entries(merged.confine ?? {}).map(([api, c]) => ({ api, only_in: c.only_in, ...(c.why ? { why: c.why } : {}) }));
  const a = merged.require_auth;
  if (a) {
    if (!a.routes) issues.push({ path: ["require_auth", "routes"], message: "list the route files as globs, e.g. [\"src/routes/**\"]" });
    if (!a.guards) issues.push({ path: ["require_auth", "guards"], message: "name the guards that protect a route, e.g. [login_required] or [requireAuth]" });
    if (a.routes && a.guards) {
      contracts.require_auth = { routes: a.routes, guards: a.guards, public: a.public ?? [], methods: a.methods ?? ["POST", "PUT", "PATCH", "DELETE"] };
    }
  }
  return { contracts, issues };
}
