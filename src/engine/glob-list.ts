// A list of repository-relative globs, validated the same wherever the config takes one.
import { minimatch } from "minimatch";
import { z } from "zod";

export function globList() {
  return z.array(
    z.string().refine((g) => g.trim() !== "" && !g.startsWith("/") && minimatch.makeRe(g) !== false, {
      message: "not a valid glob: use a non-empty minimatch pattern relative to the repository root, such as src/db/** or **/*.sql",
    }),
  );
}
