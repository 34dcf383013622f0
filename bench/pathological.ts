// Files that are slow for the analysis without being large: each is ~1 MB of valid source that
// builds one very deep expression, the shape a generated query builder or an attacker produces.
//   chain    TypeScript: one call chain `db.where(x0).where(x1)…` (a left-deep tree of calls);
//   concat   Python: one string concatenation `'a' + x0 + x1 + …` (a left-deep tree of operators).
// Measured in-thread on this machine at ~15 s (chain) and ~12 s (concat) per 1 MB file.

function fill(head: string, bytes: number, unit: (i: number) => string, tail: string): string {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; size < bytes; i++) {
    const u = unit(i);
    parts.push(u);
    size += u.length;
  }
  parts.push(tail);
  return parts.join("");
}

export function chainFile(bytes: number): string {
  return fill("import { db } from './client';\n\nexport const rows = db", bytes, (i) => `.where(x${i % 9})`, ";\n");
}

export function concatFile(bytes: number): string {
  return fill("import sqlite3\n\nq = 'a'", bytes, (i) => ` + x${i % 10}`, "\n");
}

/** `count` files of about `bytes` each, alternating the two shapes, under a data-layer path. */
export function pathologicalFiles(count: number, bytes: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) files[`shop/db/chain_${i}.ts`] = chainFile(bytes);
    else files[`shop/db/concat_${i}.py`] = concatFile(bytes);
  }
  return files;
}
