// The one reading of "is this SQL text", at its two strengths: any string literal in a file
// (contracts looking for raw SQL) and the text handed to a query API (sql-injection's sinks).
import { describe, expect, it } from "@jest/globals";
import { bindsNothing, looksLikeSql, slotAt, type SlotKind } from "../../src/knowledge/sql-text.js";

describe("SQL text", () => {
  it.each([
    "SELECT id, email FROM users WHERE id = $1",
    "  INSERT INTO audit_log (actor, action) VALUES (?, ?)",
    "UPDATE accounts SET balance = balance - 10 WHERE id = 1",
    "DELETE FROM sessions WHERE expires_at < now()",
    "with recent as (select * from orders where created_at > ?) select * from recent",
    "replace into kv (k, v) values ('a', 1)",
    "MERGE INTO accounts a USING staged s ON a.id = s.id",
    "PRAGMA foreign_keys = ON",
  ])("%s is SQL anywhere and at a query API", (text) => {
    expect(looksLikeSql(text)).toBe(true);
    expect(looksLikeSql(text, "query")).toBe(true);
  });

  it.each([
    "Select one from the list",
    "select an option from the menu",
    "Update your profile",
    "Delete your account",
    "from select import x",
    "Create a new project to get started",
  ])("%s is prose anywhere in a file", (text) => {
    expect(looksLikeSql(text)).toBe(false);
  });

  it.each([
    "call refresh_totals()",
    "exec sp_who2",
    "begin transaction isolation level serializable",
    "grant select on reports to analyst",
    "id, email FROM users WHERE org = 'x'",
    "where tenant_id = 4 and deleted = false",
    "explain analyze select 1",
  ])("%s reads as SQL when handed to a query API, though not as a whole statement anywhere", (text) => {
    expect(looksLikeSql(text, "query")).toBe(true);
    expect(looksLikeSql(text)).toBe(false);
  });

  it.each(["/users/:id", "hello world", "users", "cache:session:42", "GET /health"])(
    "%s is not SQL even at a query API",
    (text) => {
      expect(looksLikeSql(text, "query")).toBe(false);
    },
  );
});

describe("SQL slots", () => {
  const at = (sql: string): SlotKind => slotAt(sql.replace("@", ""), sql.indexOf("@"));
  it.each([
    "SELECT * FROM users WHERE email = '@'",
    "SELECT * FROM users WHERE id = @",
    "SELECT * FROM users WHERE id IN (@)",
    "SELECT * FROM users WHERE id IN (1, @)",
    "INSERT INTO t (a, b) VALUES (1, @)",
    "INSERT INTO t (a) VALUES (1), (@)",
    "SELECT * FROM t LIMIT @",
    "UPDATE t SET lft = lft + @ WHERE lft > 3",
    "SELECT * FROM t WHERE name LIKE '%@%'",
    "SELECT * FROM t WHERE n BETWEEN 1 AND @",
    "SELECT CASE WHEN a > 1 THEN @ END FROM t",
    "SELECT * FROM t WHERE a <= @",
    "SELECT * FROM t WHERE a = ANY(@)",
    'SELECT * FROM users WHERE email = "@"',
    "SELECT * FROM t WHERE a = @.5",
    "UPDATE t SET a = '@.b'",
    "SELECT * FROM t WHERE a > @ AND b.c = 1",
  ])("%s: a value slot", (sql) => {
    expect(at(sql)).toBe("value");
  });

  it.each([
    "SELECT * FROM @",
    'SELECT * FROM "@"."sys"."schemas"',
    "SELECT `@` FROM t",
    "SELECT [@] FROM t",
    "SELECT * FROM t ORDER BY @",
    "SELECT * FROM t WHERE @ = 1",
    "SELECT @(geom) FROM t",
    "INSERT INTO t (@) VALUES (1)",
    "SELECT COUNT(@) FROM t",
    "SELECT * FROM t WHERE a = 1 AND @",
    "SELECT * FROM t WHERE a = 'x''s' AND @",
    "UPDATE t SET @ = 1",
    'SELECT * FROM "@"."sys"."schemas" WHERE a = 1',
    'SET search_path TO "@"',
    'SELECT * FROM t WHERE a."x" = "@"."y"',
  ])("%s: a name slot", (sql) => {
    expect(at(sql)).toBe("name");
  });

  it.each([
    `SELECT * FROM sqlite_master WHERE type = 'table' AND name = '@'`,
    `SELECT * FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" IN ('@')`,
    "SELECT column_name FROM information_schema.columns WHERE table_schema = '@' AND table_name = 'users'",
    "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '@'",
    "SELECT 1 FROM pg_roles WHERE rolname = '@'",
    "SELECT name FROM sys.tables AS t WHERE t.name = '@'",
    "SELECT column_name FROM user_tab_columns WHERE table_name = '@'",
    "SELECT owner FROM all_tables WHERE table_name = '@'",
    "SET SESSION search_path='@'",
    "SET search_path = '@', public",
    "SET ROLE '@'",
    "SET search_path TO public; SELECT * FROM pg_tables WHERE schemaname = '@'",
  ])("%s: a value that names a schema object (a catalog query, a schema or role setting)", (sql) => {
    expect(at(sql)).toBe("name");
  });

  it.each([
    "SELECT * FROM users, information_schema.tables WHERE users.name = '@'",
    "SELECT * FROM information_schema.tables t JOIN users u ON u.id = 1 WHERE u.name = '@'",
    "SELECT * FROM users /* information_schema.tables */ WHERE name = '@'",
    "SELECT * FROM users WHERE note = 'FROM sqlite_master' AND name = '@'",
    "SELECT * FROM users WHERE name IN (SELECT name FROM sqlite_master) AND email = '@'",
    "SET search_path TO public; SELECT * FROM users WHERE email = '@'",
    "SELECT * FROM pg_tables WHERE schemaname = 'x'; SELECT * FROM users WHERE email = '@'",
    "SET TIME ZONE '@'",
    "SELECT * FROM (SELECT * FROM pg_class) c WHERE c.relname = '@'",
    "SELECT * FROM \u0000 JOIN sqlite_master m ON 1 = 1 WHERE m.name = '@'",
    "SELECT * FROM user_accounts WHERE email = '@'",
    "SELECT * FROM all_orders WHERE id = '@'",
    "SELECT * FROM dba_notes WHERE author = '@'",
  ])("%s: an ordinary value (another table, a catalog only in a comment, string or other statement)", (sql) => {
    expect(at(sql)).toBe("value");
  });

  it.each(['SET @tz := "§", @mode := "x"', 'SET @a = "§"', "SET @a = '§'"])("%s: a MySQL user variable's value", (sql) => {
    expect(slotAt(sql.replace("§", ""), sql.indexOf("§"))).toBe("value");
  });

  /** `@` stands for a slot's own one-character mark, so the text after it is seen. */
  const marked = (sql: string): SlotKind => slotAt(sql.replace("@", "\u0000"), sql.indexOf("@"), sql.indexOf("@") + 1);
  it.each(["SELECT * FROM a JOIN b ON a.id = @.a_id", 'SELECT * FROM t WHERE t.x = @."y"', "SELECT * FROM t WHERE t.x = @.`y`", "SELECT * FROM t WHERE t.x = @.[y]", "SELECT * FROM t WHERE t.x = @.@"])(
    "%s: a slot qualifying a name is a name",
    (sql) => {
      expect(marked(sql)).toBe("name");
    },
  );
  it.each(["SELECT * FROM t WHERE t.x = @", "SELECT * FROM t WHERE t.x = @ AND a.b = 1", "SELECT * FROM t WHERE t.x = '@.y'", "SELECT * FROM t LIMIT @", "SELECT * FROM t WHERE t.x > @.5"])(
    "%s: a value slot not followed by a qualified name",
    (sql) => {
      expect(marked(sql)).toBe("value");
    },
  );
});

describe("statements that bind nothing", () => {
  it.each(["SET search_path TO \u0000", "SET TRANSACTION ISOLATION LEVEL %s", "PRAGMA \u0000 = ON", "SAVEPOINT \u0000", "ALTER SESSION SET CURRENT_SCHEMA = {}"])(
    "%s binds nothing: its parts are names and keywords",
    (text) => {
      expect(bindsNothing(text)).toBe(true);
    },
  );

  it.each(["SET TIME ZONE '\u0000'", "SET search_path = '%s'", "SET @total := '\u0000'", 'SET @label = "%s"', "UPDATE t SET a = '%s'"])(
    "%s holds a value in quotes, which binding or set_config() can carry",
    (text) => {
      expect(bindsNothing(text)).toBe(false);
    },
  );
});
