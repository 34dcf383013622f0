import { describe, expect, it } from "@jest/globals";
import { loadCatalogue } from "../../src/engine/catalogue.js";
import { defaultConfig } from "../../src/engine/config.js";
import { explainText, helpText } from "../../src/engine/replies.js";

// A command's argument is the commenter's text, quoted back in the reply.
describe("command replies quote the commenter's text escaped", () => {
  const catalogue = loadCatalogue();
  it("cannot open a comment or a tag through an unknown rule id or verb", () => {
    const explained = explainText(catalogue, "x<!-- </details> | `y`").text;
    expect(explained).toContain("There is no rule <code>x&lt;!-- &lt;/details&gt; \\| \\`y\\`</code>.");
    expect(explained).not.toContain("<!--");
    const help = helpText(defaultConfig(catalogue), "agent-gate", "<img src=x>");
    expect(help.split("\n")[0]).toBe("<code>&lt;img src=x&gt;</code> is not an agent-gate command.");
  });

  it("control: a plain rule id and verb are quoted as code", () => {
    expect(explainText(catalogue, "python/nope").text).toContain("There is no rule `python/nope`.");
    expect(helpText(defaultConfig(catalogue), "agent-gate", "frobnicate").split("\n")[0]).toBe("`frobnicate` is not an agent-gate command.");
  });
});
