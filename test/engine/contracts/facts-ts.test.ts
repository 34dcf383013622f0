// The contracts' TypeScript routes come from the rules' one route vocabulary: a route is a call on
// a router or app object (or a NestJS route decorator), never any `.patch(` on a client or mock.
import { describe, expect, it } from "@jest/globals";
import { typescriptFacts } from "../../../src/engine/contracts/facts-ts.js";
import { parseTypeScript } from "../../../src/verifiers/typescript/parser.js";

const routes = (path: string, text: string) => typescriptFacts(path, text, true).routes.map((r) => `${r.methods.join("|")} ${r.path ?? "-"}${r.handler ? ` ${r.handler}` : ""}`);

describe("typescriptFacts routes", () => {
  it("attack: a write route on a router named by its factory is a route the contract sees", () => {
    const text = `import express from "express";\nconst items = express.Router();\nitems.patch("/items/:id", update);\n`;
    expect(routes("src/routes/items.ts", text)).toEqual(["PATCH /items/:id update"]);
  });

  it("control: .patch( on an API client, a mock, nock or supertest is a request, not a route", () => {
    const text = [
      `import request from "supertest";`,
      `await apiClient.patch("/users/1", body);`,
      `mockServer.patch("/users/:id", handler);`,
      `nock("https://x.test").patch("/users/1", body);`,
      `await request(app).patch("/users/1").send(body);`,
      `router.patch("/users/:id", requireAuth, update);`,
    ].join("\n");
    expect(routes("src/routes/users.ts", text)).toEqual(["PATCH /users/:id update"]);
  });

  it.each([
    ["a Map's get with a path-like key", `const map = new Map<string, Handler>();\nmap.get("/x", fallback);\n`],
    ["an HTTP client's patch", `const client = createHttpClient(base);\nawait client.patch("/users", body);\n`],
    ["Angular's HttpClient on this", `export class Users {\n  constructor(private http: HttpClient) {}\n  save(u: User) { return this.http.patch("/users/" + u.id, u); }\n}\n`],
    ["axios", `import axios from "axios";\nawait axios.delete("/users/1", { headers });\n`],
    ["ky", `import ky from "ky";\nawait ky.put("/users/1", { json: user });\n`],
    ["a key-value store's delete with a callback", `const store = createStore();\nstore.delete("/sessions/1", done);\n`],
  ])("control: %s is not a route", (_name, text) => {
    expect(routes("src/routes/users.ts", text)).toEqual([]);
  });

  it.each([
    ["an express() app under another name", `import express from "express";\nconst api = express();\napi.delete("/users/:id", remove);\n`, "DELETE /users/:id remove"],
    ["a Fastify instance under another name", `import Fastify from "fastify";\nconst backend = Fastify();\nbackend.put("/users/:id", update);\n`, "PUT /users/:id update"],
    ["a Hono app under another name", `import { Hono } from "hono";\nconst svc = new Hono();\nsvc.post("/users", create);\n`, "POST /users create"],
    ["an Express app handed in as a typed parameter", `import type { Express } from "express";\nexport default function mount(site: Express) {\n  site.patch("/users/:id", update);\n}\n`, "PATCH /users/:id update"],
    ["a router from express.Router() chained with route()", `import express from "express";\nconst users = express.Router();\nusers.route("/users/:id").put(update);\n`, "PUT /users/:id update"],
    ["a Koa router under another name", `import Router from "@koa/router";\nconst pub = new Router();\npub.del("/users/:id", remove);\n`, "DELETE /users/:id remove"],
  ])("attack: %s is a route", (_name, text, route) => {
    expect(routes("src/routes/users.ts", text)).toEqual([route]);
  });

  it("Koa named routes take the path from the second argument, with the router's prefix", () => {
    const text = `const Router = require("@koa/router");\nconst users = new Router({ prefix: "/api" });\nusers.post("create-user", "/users", auth, create);\n`;
    const facts = typescriptFacts("src/routes/users.js", text, true);
    expect(facts.routes.map((r) => [r.methods, r.path, r.handler, r.guards])).toEqual([[["POST"], "/api/users", "create", ["auth"]]]);
  });

  it("NestJS decorators by own name only: a decorator named after an Object method is not a route", () => {
    const text = `@Controller("items")\nexport class Items {\n  @Head(":id") head() {}\n  @toString() write() {}\n  @Post() @UseGuards(AuthGuard) create() {}\n}\n`;
    expect(routes("src/items.controller.ts", text)).toEqual(["HEAD /items/:id Items.head", "POST /items Items.create"]);
  });

  it("reads the parse it is given (the rules' parse) and gives the same facts as from text", () => {
    const text = `import { Router } from "express";\nimport jwt from "jsonwebtoken";\nexport const r = Router();\nr.post("/a", auth, (req, res) => res.json(jwt.sign({}, process.env.KEY)));\n`;
    const { sourceFile } = parseTypeScript("src/a.ts", text);
    expect(typescriptFacts("src/a.ts", text, true, sourceFile)).toEqual(typescriptFacts("src/a.ts", text, true));
    expect(typescriptFacts("src/a.ts", text, true, sourceFile).uses.map((u) => u.canonical ?? u.written)).toEqual(["express.Router", "r.post", "res.json", "jsonwebtoken.sign", "process.env.KEY"]);
  });

  it("attack: brackets nested past the parser's limit are blanked (as for the rules), not a crash", () => {
    const text = `router.post("/a", h);\nconst x = ${"[".repeat(5000)}${"]".repeat(5000)};\n`;
    expect(routes("src/deep.ts", text)).toEqual(["POST /a h"]);
  });
});
