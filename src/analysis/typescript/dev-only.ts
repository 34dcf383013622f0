// Development-only code and files: settings that are fine on a laptop, tests, fixtures and seeds.
import { ts } from "ts-morph";
export { isTestOrSeedPath } from "../../knowledge/test-paths.js";

const DEV_CONDITION = /NODE_ENV|\b(?:is)?(?:dev|development|local|test|debug)\b|isDev|isTest|isLocal|isDebug|__DEV__/i;
const PROD_CONDITION = /prod|production|isProd/i;
export { DEV_OR_TEST_PATH as DEV_PATH } from "../../knowledge/test-paths.js";

/**
 * Whether a node only runs in development or tests: inside `if (process.env.NODE_ENV !==
 * "production")`, `isDev ? … : …`, or the `false` branch of a production check.
 */
export function devOnly(sf: ts.SourceFile, node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let n = node.parent; n && !ts.isSourceFile(n); child = n, n = n.parent) {
    let cond: ts.Expression | undefined;
    let inThen = false;
    if (ts.isIfStatement(n) && child !== n.expression) {
      cond = n.expression;
      inThen = child === n.thenStatement;
    } else if (ts.isConditionalExpression(n) && child !== n.condition) {
      cond = n.condition;
      inThen = child === n.whenTrue;
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === n.right) {
      cond = n.left;
      inThen = true;
    }
    if (!cond) continue;
    const text = cond.getText(sf);
    const negated = /!==?|!\s*\w/.test(text);
    if (PROD_CONDITION.test(text)) return inThen === negated;
    if (DEV_CONDITION.test(text)) return inThen !== negated;
  }
  return false;
}
