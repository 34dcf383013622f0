// What counts as test code, decided by the file's path alone: never by words in the file, which
// the author controls (a docstring saying "pytest" must not switch a rule off).
import { baseName } from "../verifiers/any/formats/kind.js";

const TEST_DIR = /(?:^|\/)(?:tests?|__tests__|specs?|e2e|testing|integration[-_]tests?)\//;
const TEST_NAME =
  /\.(?:test|spec|e2e|e2e-spec)\.[^/]+$|_(?:tests?|spec)\.[^/.]+$|^test_[^/]+\.py$|^conftest\.py$|Tests?\.(?:java|kt|cs|swift|scala)$|^(?:jest\.setup|setup-tests|test-utils)\.[cm]?[jt]sx?$/;
const FIXTURE_DIR = /(?:^|\/)(?:fixtures?|__fixtures__|testdata|test_data|__snapshots__|__mocks__)\//;

/** A test: under a test directory, or named as one (`*.test.ts`, `test_*.py`, `conftest.py`, `FooTest.java`). */
export function isTestPath(path: string): boolean {
  return TEST_DIR.test(path) || TEST_NAME.test(baseName(path));
}

/**
 * A test file by its own name (`*.test.ts`, `test_*.py`, `conftest.py`, `FooTest.java`), wherever it
 * is: what a check may skip in code that production might import, since a folder named `testing/`
 * or `specs/` can hold anything.
 */
export function isTestFileName(path: string): boolean {
  return TEST_NAME.test(baseName(path));
}

/** Data and doubles that tests read: fixtures, test data, snapshots, mocks. */
export function isFixturePath(path: string): boolean {
  return FIXTURE_DIR.test(path);
}

/** Test code or its data, where fake secrets and shortcuts are expected. */
export function isTestOrFixturePath(path: string): boolean {
  return isTestPath(path) || isFixturePath(path);
}

const TEST_HELPER_DIR = /(?:^|\/)(?:mocks?|helpers?|support|utils)\//;
const SEED = /(?:^|\/)(?:seeds?|seeders?)\/|(?:^|\/)seed\.[cm]?[jt]sx?$/;

/** Code tests import rather than tests themselves: mocks, helpers, support, utils. */
export function isTestHelperPath(path: string): boolean {
  return TEST_HELPER_DIR.test(path);
}

/** Tests, fixtures and database seeds: where clearing tables and fake secrets are expected. */
export function isTestOrSeedPath(path: string): boolean {
  return isTestOrFixturePath(path) || SEED.test(path);
}

/**
 * Files that configure or run only a developer's machine, CI or tests, judged by a path part:
 * settings/dev.py, local_settings.py, settings_test.py, config/development.ts, .env.ci,
 * docker-compose overrides, and scripts/, examples/, docs/, demo/ folders.
 */
export const DEV_OR_TEST_PATH =
  /(?:^|[/_.-])(?:local|dev|develop|development|test|tests|testing|ci|example|sample|demo)(?:[/_.-]|$)|(?:^|\/)(?:scripts|examples?|docs?|demo)\//i;
