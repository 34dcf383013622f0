// File names and messages come from the pull request: escaped, they cannot end a workflow
// command early or start another one on a new line.
import { describe, expect, it } from "@jest/globals";
import { annotationCommand, command } from "../../src/action/workflow-commands.js";

describe("workflow commands", () => {
  it("escapes a file name that tries to inject properties or a second command (attack)", () => {
    const line = annotationCommand({
      path: "a,line=1::x\n::error::agent-gate passed%",
      start_line: 3,
      end_line: 4,
      annotation_level: "failure",
      title: "rule: x",
      message: "bad\r\n::notice::fine",
    });
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toBe("::error file=a%2Cline=1%3A%3Ax%0A%3A%3Aerror%3A%3Aagent-gate passed%25,line=3,endLine=4,title=rule%3A x::bad%0D%0A::notice::fine");
  });

  it("writes a plain one as the runner reads it (control)", () => {
    expect(annotationCommand({ path: "src/db.py", start_line: 7, end_line: 7, annotation_level: "warning", title: "t", message: "m" })).toBe("::warning file=src/db.py,line=7,endLine=7,title=t::m");
    expect(command("error", {}, "blocked")).toBe("::error::blocked");
  });
});
