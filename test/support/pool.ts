// One verifier pool per test file: its worker starts once (loading the TypeScript sources
// through tsx) and is terminated when the file's tests end. One thread: CI has two cores.
import { afterAll } from "@jest/globals";
import { VerifierPool } from "../../src/engine/pool.js";

const shared = new VerifierPool({ threads: 1 });
afterAll(() => shared.close());

export function testPool(): VerifierPool {
  return shared;
}
