// The parts narrowed gates are built from (src/engine/rule-gate.ts, the route and request-data
// vocabularies): each must accept every spelling the rule's own reading accepts.
import { describe, expect, it } from "@jest/globals";
import { accessGate, allOf, anyOf, chainRootGate, memberGate, passesGate, receiverMemberGate, wordGate } from "../../src/engine/rule-gate.js";
import { ROUTE_PATH_ARGUMENT } from "../../src/knowledge/typescript/routes.js";

const ts = (gate: RegExp, text: string) => passesGate({ gate }, "typescript", { text });

describe("allOf and anyOf", () => {
  const both = allOf(memberGate(["get"]), wordGate(["router"]));
  it("needs every part, in any order", () => {
    expect(ts(both, "router.get(x)")).toBe(true);
    expect(ts(both, "const r = router;\nmap.get(k)")).toBe(true);
    expect(ts(both, "map.get(k)")).toBe(false);
    expect(ts(anyOf(both, wordGate(["csrf"])), "csrf: false")).toBe(true);
  });
  it("refuses parts with flags", () => {
    expect(() => allOf(/a/i)).toThrow(/flags/);
    expect(() => anyOf(/a/g)).toThrow(/flags/);
  });
  it("lets each part match in the text as written or decoded (a name escaped, a path whose escapes would break decoded)", () => {
    const route = allOf(memberGate(["get"]), ROUTE_PATH_ARGUMENT);
    expect(ts(route, 'app.\\u0067et("\\x2fa\\x22b", handler);')).toBe(true);
    expect(ts(route, 'app.\\u0067et("\\x2fa\\x0ab", handler);')).toBe(true);
  });
});

describe("ROUTE_PATH_ARGUMENT", () => {
  it.each([
    'app.get("/users", list)',
    "router.post('/users', auth, create)",
    "r.get(`/items`, h)",
    'router.get("name", "/named", h)',
    'app.get(("/x" as const), h)',
    'app.get(<string>"/x", h)',
    'app.get(("/x")!, h)',
    'app.get("/x" as string, h)',
    "app.get('\\/escaped', h)",
    'app.get("\\u002fescaped", h)',
    'app.get("\\\n/continued", h)',
    'app.all("*", h)',
    'app.get( /* c */ "/x" /* d */ , h)',
  ])("accepts %s", (text) => expect(ROUTE_PATH_ARGUMENT.test(text)).toBe(true));

  it.each([
    'cache.get("/assets/a.png")',
    'url.split("/")',
    'path.lastIndexOf("/") + 1',
    'code.replace(/\\\\/g, "/")',
    'f(/* a */ x /* b */ "/x", h)',
    'map.get(key, "x/y")',
  ])("rejects %s", (text) => expect(ROUTE_PATH_ARGUMENT.test(text)).toBe(false));
});

describe("chainRootGate", () => {
  const root = chainRootGate(["res", "c"]);
  it.each(["res.json(x)", "(res as any).status(500).json(x)", "this.res.send(x)", "this!.res.send(x)", 'res["json"](x)', "res!.send(x)", "res?.send(x)", "(<any>res).end()", "c.json(x)"])(
    "accepts %s",
    (text) => expect(root.test(text)).toBe(true),
  );
  it.each(["foo.res.json(x)", "_res.json(x)", "resolve.json(x)", "const c = 1;", "abc.d"])("rejects %s", (text) => expect(root.test(text)).toBe(false));
});

describe("accessGate and receiverMemberGate", () => {
  const body = accessGate(["req", "request"], ["body"]);
  it.each(["req.body", "(req as Request).body", "req!.body", "req?.body", "ctx.request.body", "(req as { a: 1; b: 2 }).body", "req /* c */ . body"])("accessGate accepts %s", (text) =>
    expect(body.test(text)).toBe(true),
  );
  it.each(["req.bodyParser", "xreq.body", "req.params.body", "document.body"])("accessGate rejects %s", (text) => expect(body.test(text)).toBe(false));

  const log = receiverMemberGate(["log", "logger"]);
  it.each(["req.log.info(x)", '(req.log as any)["info"](x)', "fastify.log?.warn(x)", "ctx.logger!.error(x)"])("receiverMemberGate accepts %s", (text) =>
    expect(log.test(text)).toBe(true),
  );
  it.each(["Math.log(x)", "const log = 1;", "x.logs.info(y)"])("receiverMemberGate rejects %s", (text) => expect(log.test(text)).toBe(false));
});
