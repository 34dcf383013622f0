// The `contracts:` section: presets, a team's adjustments laid over them, and strict errors that
// name the key and the values it allows.
import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../../src/engine/catalogue.js";
import { ConfigError, parseConfig } from "../../../src/engine/config.js";
import { explainText } from "../../../src/engine/replies.js";

const catalogue = loadCatalogue();
const parse = (contracts: unknown) => parseConfig({ contracts }, catalogue).contracts;

function problems(contracts: unknown): string[] {
  try {
    parseConfig({ contracts }, catalogue);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("contracts config", () => {
  it("has no contract unless one is declared", () => {
    const c = parseConfig({}, catalogue).contracts;
    expect(c).toMatchObject({ use: [], confine: [] });
    expect(c.layers ?? c.orm ?? c.database ?? c.require_auth).toBeUndefined();
  });

  it("ships the presets and loads contract rules beside the verifiers", () => {
    expect([...catalogue.presets.keys()].sort()).toEqual(["auth-on-writes", "clean-architecture", "confined-apis"]);
    expect([...catalogue.contractRules.keys()].sort()).toEqual([
      "contracts/confine",
      "contracts/data-access",
      "contracts/database",
      "contracts/layers",
      "contracts/orm",
      "contracts/require-auth",
    ]);
  });

  it("uses a preset and lets the team adjust it: objects merge, lists replace", () => {
    const c = parse({
      use: "clean-architecture",
      layers: { paths: { routes: ["api/endpoints/**"] }, allow: ["routes -> models"] },
    });
    expect(c.use).toEqual(["clean-architecture"]);
    expect(c.layers?.order).toEqual(["routes", "services", "repositories", "models"]);
    expect(c.layers?.paths.routes).toEqual(["api/endpoints/**"]);
    expect(c.layers?.paths.models).toContain("**/models/**");
    expect(c.layers?.allow).toEqual([{ from: "routes", to: "models" }]);
    expect(c.layers?.data_access).toEqual({ layer: "repositories", forbidden_in: ["routes"] });
  });

  it("combines presets, later ones and the team's keys winning", () => {
    const c = parse({ use: ["auth-on-writes", "confined-apis"], require_auth: { guards: ["requireUser"] }, confine: { "os.system": { only_in: ["scripts/**"] } } });
    expect(c.require_auth?.guards).toEqual(["requireUser"]);
    expect(c.require_auth?.routes).toContain("**/routes/**");
    expect(c.confine.map((x) => x.api).sort()).toEqual(["env", "jwt-sign", "os.system", "raw-sql"]);
  });

  it("fills defaults: one ORM or several, raw SQL allowed in migrations, write methods guarded", () => {
    const c = parse({
      orm: { require: "sqlalchemy" },
      database: { require: ["postgresql"] },
      require_auth: { routes: ["app/routes/**"], guards: ["login_required"] },
    });
    expect(c.orm).toEqual({ require: ["sqlalchemy"], raw_allowed_in: ["**/migrations/**", "**/alembic/**"] });
    expect(c.database).toEqual({ require: ["postgresql"], others_allowed_in: [] });
    expect(c.require_auth).toEqual({ routes: ["app/routes/**"], guards: ["login_required"], public: [], methods: ["POST", "PUT", "PATCH", "DELETE"] });
    expect(c.excludeTests).toBe(true);
    expect(parse({ exclude: ["**/generated/**"] }).excludeTests).toBe(false);
  });

  it("names an unknown key and the allowed keys, at every level", () => {
    expect(problems({ layer: {} })[0]).toMatch(/unknown key `contracts.layer`; allowed keys at `contracts`: use, exclude, layers, orm, database, confine, require_auth/);
    expect(problems({ layers: { order: ["a", "b"], paths: { a: ["a/**"], b: ["b/**"] }, skip: true } })[0]).toMatch(
      /unknown key `contracts.layers.skip`; allowed keys at `contracts.layers`: order, paths, allow_skip, allow, count_type_imports, data_access/,
    );
    expect(problems({ require_auth: { routes: ["x/**"], guards: ["g"], public_routes: [] } })[0]).toMatch(/allowed keys at `contracts.require_auth`: routes, guards, public, methods/);
  });

  it("names the allowed values: presets, ORMs, engines, methods", () => {
    expect(problems({ use: "onion" })).toEqual(["`contracts.use.0` must be one of: auth-on-writes, clean-architecture, confined-apis"]);
    expect(problems({ orm: { require: "hibernate" } }).join("\n")).toMatch(/sqlalchemy, sqlmodel, django, .*prisma, typeorm/);
    expect(problems({ database: { require: "postgres" } }).join("\n")).toMatch(/postgresql, mysql, mariadb, sqlite, mongodb, mssql, oracle/);
    expect(problems({ require_auth: { routes: ["r/**"], guards: ["g"], methods: ["POST", "SEND"] } })[0]).toMatch(/`contracts.require_auth.methods.1` must be one of: GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE/);
  });

  it("checks what no single key can: layers that exist, complete sections, APIs and edges", () => {
    const found = problems({
      layers: { order: ["routes", "models"], paths: { routes: ["r/**"], modles: ["m/**"] }, data_access: { forbidden_in: ["routes"] } },
      orm: { raw_allowed_in: ["migrations/**"] },
      require_auth: { guards: ["login_required"] },
    });
    const text = found.join("\n");
    expect(text).toMatch(/`contracts.layers.paths.modles`: unknown layer `modles`; layers in `layers.order`: routes, models/);
    expect(text).toMatch(/layer `models` has no paths/);
    expect(text).toMatch(/name the layer that owns database access/);
    expect(text).toMatch(/`contracts.orm.require`: name the required ORM, one of: sqlalchemy/);
    expect(text).toMatch(/`contracts.require_auth.routes`: list the route files as globs/);
  });

  it("reports malformed values before relations between them", () => {
    const text = problems({ layers: { allow: ["routes to models"] }, confine: { "process.env[": { only_in: ["src/config/**"] } } }).join("\n");
    expect(text).toMatch(/`contracts.layers.allow.0`: an edge is written "from -> to"/);
    expect(text).toMatch(/not an API: use one of raw-sql, env, jwt-sign, shell, or a dotted call such as jwt.sign/);
  });

  it("reports an unknown layer in an allowed edge", () => {
    expect(problems({ layers: { order: ["routes", "models"], paths: { routes: ["r/**"], models: ["m/**"] }, allow: ["routes -> views"] } })).toEqual([
      "`contracts.layers.allow.0`: unknown layer `views`; layers in `layers.order`: routes, models",
    ]);
  });

  it("rejects bad globs like every other glob in the file", () => {
    expect(problems({ confine: { env: { only_in: ["/abs/**"] } } })[0]).toContain("not a valid glob");
  });

  it("takes contract rule ids under rules:, so a team can soften or switch one off", () => {
    expect(parseConfig({ rules: { "contracts/layers": "warning" } }, catalogue).rules).toEqual({ "contracts/layers": "warning" });
  });

  it("explains contract rules like verifiers", () => {
    const { ok, text } = explainText(catalogue, "contracts/layers");
    expect(ok).toBe(true);
    expect(text).toContain("contracts:");
    expect(explainText(catalogue, "contracts/nope").text).toContain("`contracts/require-auth`");
  });
});
