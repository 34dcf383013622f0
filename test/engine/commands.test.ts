import { describe, expect, it } from "@jest/globals";
import { parseCommand } from "../../src/engine/commands.js";

describe("parseCommand", () => {
  it.each([
    ["/agent-gate approve reviewed the query, ids are ints", { verb: "approve", args: "reviewed the query, ids are ints" }],
    ["/agent-gate approve", { verb: "approve", args: "" }],
    ["/AGENT-GATE Recheck", { verb: "recheck", args: "" }],
    ["/agent-gate explain python/sql-injection", { verb: "explain", args: "python/sql-injection" }],
    ["/agent-gate help", { verb: "help", args: "" }],
    ["/agent-gate", { verb: "help", args: "" }],
    ["/agent-gate frobnicate now", { verb: "help", args: "", unknown: "frobnicate" }],
    ["@agent-gate recheck", { verb: "recheck", args: "" }],
    ["Thanks!\r\n\r\n  /agent-gate approve   fine   by me  \r\n", { verb: "approve", args: "fine by me" }],
    ["> quoted\n\n/agent-gate recheck", { verb: "recheck", args: "" }],
    ["/agent-gate approve ✅ 見ました — ok", { verb: "approve", args: "✅ 見ました — ok" }],
    ["/agent-gate approve 1a2b3c4 checked the query", { verb: "approve", args: "checked the query", sha: "1a2b3c4" }],
    ["/agent-gate approve 1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B ok", { verb: "approve", args: "ok", sha: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b" }],
    ["/agent-gate approve 1a2b3c4", { verb: "approve", args: "", sha: "1a2b3c4" }],
    ["/agent-gate approve 1a2b3c fine", { verb: "approve", args: "1a2b3c fine" }],
    ["/agent-gate approve 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1 too long", { verb: "approve", args: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1 too long" }],
    ["/agent-gate approve 1a2b3cz ok", { verb: "approve", args: "1a2b3cz ok" }],
    ["/agent-gate explain 1a2b3c4", { verb: "explain", args: "1a2b3c4" }],
  ])("parses %j", (body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });

  it.each([
    ["plain text", "LGTM, ship it"],
    ["a command in a quote", "> /agent-gate approve looks fine"],
    ["a command in a code fence", "```\n/agent-gate approve x\n```"],
    ["a command in a tilde fence with a language", "~~~text\n/agent-gate approve x\n~~~"],
    ["a command in an unclosed fence", "```\n/agent-gate approve x"],
    ["a command in an indented code block", "Example:\n\n    /agent-gate approve x"],
    ["a command in inline code", "Type `/agent-gate approve <reason>` to approve"],
    ["a command mid-sentence", "please /agent-gate approve this"],
    ["a command in an HTML comment", "<!--\n/agent-gate approve x\n-->"],
    ["a command after a comment opened mid-line", "Looks fine to me <!-- hidden from here\n/agent-gate approve x\n-->"],
    ["a command after a comment opened mid-line and never closed", "thanks <!--\n\n/agent-gate approve x"],
    ["a command on the line a comment closes", "note <!--\n--> /agent-gate approve x"],
    ["a command on the line a block comment closes", "<!--\nhidden\n-->\n<!-- x --> /agent-gate approve x"],
    ["a comment opened after a closed one on the same line", "a <!-- b --> c <!-- d\n/agent-gate approve x\n-->"],
    ["a comment opened after a line that is not a fence", "```a`b\nsee <!--\n```\n/agent-gate approve x\n-->"],
    ["a longer word", "/agent-gateway approve"],
    ["another app's mention", "@other-bot recheck"],
    ["the empty string", ""],
  ])("finds no command in %s", (_name, body) => {
    expect(parseCommand(body)).toBeUndefined();
  });

  it("reads commands again once a mid-line comment is closed, and after comments closed on their line", () => {
    expect(parseCommand("Looks fine <!-- hidden\nstill hidden -->\n/agent-gate approve visible")).toEqual({ verb: "approve", args: "visible" });
    expect(parseCommand("a <!-- b --> c\n/agent-gate approve ok")).toEqual({ verb: "approve", args: "ok" });
    expect(parseCommand("```\n<!--\n```\n/agent-gate approve ok")).toEqual({ verb: "approve", args: "ok" });
  });

  it("recognises a fence closed by a longer fence of the same kind only", () => {
    expect(parseCommand("````\n```\n/agent-gate approve x\n````\n/agent-gate recheck")).toEqual({ verb: "recheck", args: "" });
  });

  it("uses the app's own slug for mentions", () => {
    expect(parseCommand("@acme-gate help", "acme-gate")).toEqual({ verb: "help", args: "" });
    expect(parseCommand("@agent-gate help", "acme-gate")).toBeUndefined();
  });

  it("is total on hostile input", () => {
    const inputs = [
      "\u0000\uFFFF\uD800".repeat(1000),
      "`".repeat(100_000),
      "/agent-gate ".repeat(50_000),
      "\n".repeat(200_000) + "/agent-gate recheck",
      "<!--".repeat(10_000),
      "> ".repeat(100_000),
    ];
    for (const body of inputs) expect(() => parseCommand(body)).not.toThrow();
    expect(parseCommand(inputs[3]!)).toEqual({ verb: "recheck", args: "" });
  });
});
