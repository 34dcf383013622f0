// contracts.layers: which layer each file is in, which imports between layers the order allows,
// and database access from layers that must leave it to the layer that owns it.
import type { LayersContract } from "./config.js";
import type { FileFacts, UseFact } from "./facts.js";
import { isDataModule, ormOf } from "./knowledge.js";
import { CONTRACT_RULES, Globs, listing, type Reporter } from "./report.js";

export type EdgeVerdict = "allowed" | "upward" | "skip";

export interface LayerEdge {
  from: string;
  to: string;
  /** Imports from changed files of `from` into `to`. */
  imports: number;
  verdict: EdgeVerdict;
  /** One of them: "app/routes/users.py:3 → app/models/user.py". */
  example: string;
}

export class Layers {
  private readonly globs: [string, Globs][];

  constructor(readonly contract: LayersContract) {
    this.globs = contract.order.map((name) => [name, Globs.of(contract.paths[name] ?? [])]);
  }

  /** The first layer in order whose globs match: a file sits in one layer. */
  layerOf(path: string): string | undefined {
    return this.globs.find(([, g]) => g.match(path))?.[0];
  }

  private rank(name: string): number {
    return this.contract.order.indexOf(name);
  }

  verdict(from: string, to: string): { verdict: EdgeVerdict; skipped: string[] } {
    const a = this.rank(from);
    const b = this.rank(to);
    const skipped = this.contract.order.slice(a + 1, b);
    if (a === b || b === a + 1) return { verdict: "allowed", skipped: [] };
    if (this.contract.allow.some((e) => e.from === from && e.to === to)) return { verdict: "allowed", skipped: [] };
    if (b < a) return { verdict: "upward", skipped: [] };
    return this.contract.allow_skip ? { verdict: "allowed", skipped: [] } : { verdict: "skip", skipped };
  }

  /** Layers below `name`, where models live when `name` owns database access. */
  below(name: string): string[] {
    return this.contract.order.slice(this.rank(name) + 1);
  }

  describeOrder(): string {
    return this.contract.order.join(" → ");
  }
}

export function checkLayers(layers: Layers, facts: FileFacts, reporter: Reporter, edges: Map<string, LayerEdge>): void {
  const from = layers.layerOf(facts.path);
  if (!from) return;
  for (const imp of facts.imports) {
    if (imp.typeOnly && !layers.contract.count_type_imports) continue;
    const reported = new Set<string>();
    for (const target of imp.targets) {
      const to = layers.layerOf(target);
      if (!to || target === facts.path) continue;
      const { verdict, skipped } = layers.verdict(from, to);
      const key = `${from}\0${to}`;
      const edge = edges.get(key) ?? { from, to, imports: 0, verdict, example: `${facts.path}:${imp.line} → ${target}` };
      edge.imports++;
      edges.set(key, edge);
      if (verdict === "allowed" || reported.has(to)) continue;
      reported.add(to);
      const order = layers.describeOrder();
      if (verdict === "upward") {
        reporter.report(CONTRACT_RULES.layers, "upward", { from, to, target, order, below: " just" }, facts, imp.line, imp.endLine);
      } else {
        const next = layers.contract.order[layers.contract.order.indexOf(from) + 1] ?? to;
        reporter.report(CONTRACT_RULES.layers, "skip", { from, to, target, order, skipped: listing(skipped.map((s) => `\`${s}\``)), next }, facts, imp.line, imp.endLine);
      }
    }
  }
}

// Query methods of model classes and managers: User.objects.filter, User.query.get, User.findAll.
const MODEL_OPS = new Set(
  "objects query select get get_or_none get_or_create filter filter_by exclude create bulk_create find find_one find_all findAll findOne findByPk findById findMany findUnique findFirst findOneBy findBy findAndCountAll bulkCreate update updateOne updateMany destroy delete deleteOne deleteMany delete_many insert insert_many insertMany save count countDocuments aggregate exists upsert increment raw where".split(" "),
);

const OPENS_SESSION = /^(?:SessionLocal|AsyncSessionLocal|async_session|async_session_maker|Session|AsyncSession|sessionmaker|scoped_session|get_db|get_session|get_async_session|get_db_session|create_session|engine\.connect|engine\.begin)$/;
const SESSION_USE = [
  /^(?:db\.session|session|db_session|self\.session|self\.db|db)\.(?:query|add|add_all|commit|delete|execute|scalars?|get|flush|merge|refresh|rollback|begin|exec|bulk_save_objects)$/,
  /^(?:cursor|cur|conn|connection|db|pool)\.(?:execute|executemany|fetch|fetchrow|fetchval|fetchall|fetchone|cursor|acquire)$/,
  /^(?:this\.)?prisma\.(?:\w+\.(?:findMany|findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|create|createMany|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy)|\$(?:queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe|transaction))$/,
  /(?:^|\.)(?:getRepository|getManager|getConnection|createQueryBuilder|getCustomRepository)$/,
  /^(?:this\.)?(?:dataSource|AppDataSource|entityManager|em|orm\.em)\.\w+$/,
  /^(?:this\.)?(?:db|knex|trx|tx)\.(?:select|selectFrom|insert|insertInto|update|updateTable|delete|deleteFrom|query|execute|transaction|raw|from)$/,
  /^(?:knex|db)$/,
  /^(?:this\.)?(?:pool|client|conn|connection)\.(?:query|execute|prepare|exec)$/,
];

function display(u: UseFact): string {
  return `${u.written.replace(/\(\)/g, "(…)")}${u.call ? "(…)" : ""}`;
}

/** What a use does with the database, in words, or undefined when it is no database access. */
function dataAccess(u: UseFact, facts: FileFacts, layers: Layers, owner: string): string | undefined {
  if (!u.call) return undefined;
  const imp = u.via !== undefined ? facts.imports[u.via] : undefined;
  if (imp && !imp.typeOnly) {
    if (imp.level === 0 && !imp.module.startsWith(".") && isDataModule(imp.module)) {
      return ormOf(imp.module) ? `calls the ORM (\`${imp.module}\`)` : `calls the database driver \`${imp.module}\``;
    }
    const below = layers.below(owner);
    const model = imp.targets.some((t) => below.includes(layers.layerOf(t) ?? ""));
    const segments = u.written.replace(/\(\)/g, "").split(".").slice(1);
    if (model && segments.some((s) => MODEL_OPS.has(s))) return "queries the model";
  }
  if (/^django\.shortcuts\.get_(?:object|list)_or_404$/.test(u.canonical ?? "")) return "queries the model";
  if (OPENS_SESSION.test(u.written)) return "opens a database session";
  if (SESSION_USE.some((re) => re.test(u.written))) return "queries the database";
  return undefined;
}

export function checkDataAccess(layers: Layers, facts: FileFacts, reporter: Reporter): void {
  const access = layers.contract.data_access;
  if (!access) return;
  const from = layers.layerOf(facts.path);
  if (!from || !access.forbidden_in.includes(from)) return;
  const done = new Set<number>();
  for (const u of facts.uses) {
    if (done.has(u.line)) continue;
    const what = dataAccess(u, facts, layers, access.layer);
    if (!what) continue;
    done.add(u.line);
    reporter.report(CONTRACT_RULES.dataAccess, "access", { from, what, code: display(u), owner: access.layer }, facts, u.line, u.endLine);
  }
}
