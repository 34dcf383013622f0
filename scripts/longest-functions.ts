// Prints the five longest functions in src/ (run by `npm run build`): the rule is under 80 lines.
import { MAX_FUNCTION_LINES, longestFunctions } from "./function-lengths.js";

const all = longestFunctions("src");
const over = all.filter((f) => f.lines > MAX_FUNCTION_LINES).length;
console.log(`Five longest functions in src/ (${over} over ${MAX_FUNCTION_LINES} lines):`);
for (const f of all.slice(0, 5)) console.log(`  ${String(f.lines).padStart(4)} lines  ${f.file}:${f.line}  ${f.name}`);
