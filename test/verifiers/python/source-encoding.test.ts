import { ruleTester } from "../../support/rule-tester.js";

const py = (s: TemplateStringsArray): string => (s.raw[0] ?? "").replace(/^\n/, "");

ruleTester("python/source-encoding", {
  invalid: [
    {
      name: "attack: utf-7 header, with code inside what the gate reads as a comment",
      path: "app/tasks.py",
      code: py`
# -*- coding: utf-7 -*-
def run(cmd):
    # harmless +AAo-    import os+ADs- os.system(cmd)
    return None
`,
      errors: [{ messageId: "encoding", line: 1 }],
      messageIncludes: ["`utf-7`"],
    },
    {
      name: "attack: declaration on line 2 after a shebang",
      path: "bin/tool.py",
      code: py`
#!/usr/bin/env python3
# coding=utf_7
print("hi")
`,
      errors: [{ messageId: "encoding", line: 2 }],
    },
    {
      name: "attack: vim modeline form",
      path: "app/tasks.py",
      code: py`
# vim: set fileencoding=utf-16 :
x = 1
`,
      errors: [{ messageId: "encoding", line: 1 }],
    },
    {
      name: "attack: a codec that shares ASCII but differs elsewhere (shift_jis) is still not UTF-8",
      path: "app/tasks.py",
      code: "\uFEFF# -*- coding: shift_jis -*-\nx = 1\n",
      errors: [{ messageId: "encoding", line: 1 }],
    },
    {
      name: "attack: a bare carriage return hides a call inside what the gate parses as a comment",
      path: "app/tasks.py",
      code: "import os\n\ndef run(cmd):\n    # tidy up\ros.system(cmd)\n",
      errors: [{ messageId: "carriageReturn", line: 4 }],
      messageIncludes: ["Line 4 holds a carriage return"],
    },
  ],
  valid: [
    { name: "control: Windows line endings (CR LF) are fine", path: "app/tasks.py", code: "import os\r\n\r\ndef run(cmd):\r\n    return cmd\r\n" },
    { name: "control: utf-8 header", path: "app/tasks.py", code: "# -*- coding: utf-8 -*-\nx = 1\n" },
    { name: "control: utf8 and utf-8-sig spellings", path: "app/tasks.py", code: "#!/usr/bin/env python\n# coding: UTF_8_sig\nx = 1\n" },
    { name: "control: latin-1 aliases", path: "app/tasks.py", code: "# vim: set fileencoding=iso-8859-1 :\n# coding: latin1\nx = 1\n" },
    { name: "control: ascii aliases", path: "app/tasks.py", code: "# coding: us-ascii\nx = 1\n" },
    { name: "control: no declaration", path: "app/tasks.py", code: "x = 1\n# coding: utf-7 is mentioned on line 2 after code, which Python ignores\n" },
    { name: "control: a declaration on line 3 is not read by Python", path: "app/tasks.py", code: "#!/usr/bin/env python\n\n# coding: utf-7\n" },
  ],
});
