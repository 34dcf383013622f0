// Rules that look at trigger sites stop after a fixed number of them. Text in comments and
// strings must not fill that limit, and a file with more real sites than the limit must be
// reported as not fully checked instead of passing silently.
import { ruleTester } from "../../support/rule-tester.js";

const VERIFY_OFF = `jwt.decode(token, options={"verify_signature": False})\n`;
// Inside brackets: tree-sitter's Python grammar slows down sharply on 50,000 comment lines at
// module level (the parse budget then fails the file closed, which would hide what this tests).
const COMMENTS = `NOTES = (\n${"    # jwt.decode(token, options={})\n".repeat(50_001)})\n`;
const DOCSTRING = `"""\n${"jwt.decode(token)\n".repeat(50_001)}"""\n`;
const REAL_SITES = "decode(a)\n".repeat(50_001);

ruleTester("python/jwt-verification", {
  invalid: [
    {
      name: "attack: 50,001 look-alike calls in comments do not fill the site limit",
      path: "app/auth/tokens.py",
      code: `import jwt\n${COMMENTS}${VERIFY_OFF}`,
      errors: [{ messageId: "verifyOff", line: 50_005 }],
    },
    {
      name: "attack: 50,001 look-alike calls in a docstring do not fill the site limit",
      path: "app/auth/tokens.py",
      code: `import jwt\n${DOCSTRING}${VERIFY_OFF}`,
      errors: [{ messageId: "verifyOff", line: 50_005 }],
    },
    {
      name: "more real call sites than the limit: reported as not fully checked",
      path: "app/auth/tokens.py",
      code: `import jwt\n${REAL_SITES}${VERIFY_OFF}`,
      errors: [],
      incomplete: "more than 50000 places to look at",
    },
  ],
  valid: [
    {
      name: "control: a file within the limit is checked in full and not reported",
      path: "app/auth/tokens.py",
      code: `import jwt\n${"decode(a)\n".repeat(1000)}jwt.decode(token, key, algorithms=["HS256"])\n`,
    },
  ],
});
