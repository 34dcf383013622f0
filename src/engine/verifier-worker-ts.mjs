// Entry of a verifier worker when the app runs from its TypeScript sources (tests, tsx):
// registers tsx's loader in this thread, then loads the worker module. The compiled build
// starts dist/src/engine/verifier-worker.js directly and never needs tsx.
import { register } from "tsx/esm/api";

register();
const worker = await import("./verifier-worker.ts");
export default worker.default;
