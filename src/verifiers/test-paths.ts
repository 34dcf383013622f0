// What counts as test code, decided by the file's path alone: never by words in the file, which
// the author controls (a docstring saying "pytest" must not switch a rule off).
import { baseName } from "./any/formats/kind.js";

const TEST_DIR = /(?:^|\/)(?:tests?|__tests__|specs?|e2e|testing|integration[-_]tests?)\//;
const TEST_NAME =
  /\.(?:test|spec|e2e|e2e-spec)\.[^/]+$|_(?:tests?|spec)\.[^/.]+$|^test_[^/]+\.py$|^conftest\.py$|Tests?\.(?:java|kt|cs|swift|scala)$|^(?:jest\.setup|setup-tests|test-utils)\.[cm]?[jt]sx?$/;
const FIXTURE_DIR = /(?:^|\/)(?:fixtures?|__fixtures__|testdata|test_data|__snapshots__|__mocks__)\//;

/** A test: under a test directory, or named as one (`*.test.ts`, `test_*.py`, `conftest.py`, `FooTest.java`). */
export function isTestPath(path: string): boolean {
  return TEST_DIR.test(path) || TEST_NAME.test(baseName(path));
}

/** Data and doubles that tests read: fixtures, test data, snapshots, mocks. */
export function isFixturePath(path: string): boolean {
  return FIXTURE_DIR.test(path);
}

/** Test code or its data, where fake secrets and shortcuts are expected. */
export function isTestOrFixturePath(path: string): boolean {
  return isTestPath(path) || isFixturePath(path);
}
