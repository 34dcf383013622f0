// A full garbage collection on demand. V8 lets a heap with a high limit fill with garbage before
// it collects: a task's messages and a file's tree outlive a scavenge, and a scan of 10k files
// left the pool's thread holding ~50 MB of them and each worker the tree of its largest file.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
/** Only a new context gets `gc`; the flag does not add it to this one. */
export const collectGarbage = runInNewContext("gc") as () => void;
