// The official SARIF 2.1.0 schema (the OASIS rtm.5 schema as shipped by Microsoft's
// @microsoft/jest-sarif), compiled with ajv. It is draft-04, hence ajv-draft-04; one of its
// `pattern`s is not valid as a unicode regular expression, hence unicodeRegExp: false.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const schemaPath = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as object;
// Both are CommonJS with the class on `default`.
const ajv = new Ajv.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** The schema's errors for a log ([] when it is valid SARIF 2.1.0). */
export function sarifErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}
