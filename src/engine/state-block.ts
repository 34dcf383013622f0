// The gate's memory of one pull request at one (base, head) pair, kept in the head's check run
// output.text: the scan (so an approval re-decides without reading the code again), the time the
// gate recorded the head as current, and approvals that live nowhere else (button clicks).
// Signed with a key only this app holds; the signed data names owner, repo, PR number, base and
// head, and a block is trusted only where all five match, so a block copied from another PR,
// base or head is worthless.
import { createHmac, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { Scan } from "./scan.js";
import type { AcceptedApproval } from "./verdict.js";

export interface ButtonClick {
  login: string;
  type?: string;
  at: string;
  /** The head the clicked run belonged to. */
  sha: string;
}

/** What a state block is about; all five are signed and checked on read. */
export interface StateBinding {
  owner: string;
  repo: string;
  number: number;
  baseSha: string;
  headSha: string;
}

export interface GateState extends StateBinding {
  v: 2;
  /** When the gate recorded this head as the PR's current one: approvals posted before it are stale. */
  headSeenAt: string;
  scan: Scan;
  buttons: ButtonClick[];
  /** Approvals accepted at the last decision, kept for carry-over to a later head. */
  accepted: AcceptedApproval[];
}

const MARK = "agent-gate-state:v2:";
/** Leaves room in output.text (65,535) for the human-readable part. */
export const MAX_BLOCK = 60_000;
/** Inflating signed data only, but still bounded. */
const MAX_INFLATED = 8_000_000;

function mac(key: string, data: string): string {
  return createHmac("sha256", key).update(MARK).update(data).digest("base64url");
}

/** The block as an HTML comment (invisible on GitHub), or undefined when it would not fit. */
export function encodeState(state: GateState, key: string): string | undefined {
  const data = deflateRawSync(Buffer.from(JSON.stringify(state), "utf8")).toString("base64url");
  const block = `<!-- ${MARK}${data}.${mac(key, data)} -->`;
  return block.length <= MAX_BLOCK ? block : undefined;
}

/** Every block in `text` that `key` signed, whatever it is bound to. */
export function decodeStates(text: string | null | undefined, key: string): GateState[] {
  const out: GateState[] = [];
  let from = 0;
  while (text) {
    const start = text.indexOf(MARK, from);
    if (start === -1) break;
    const end = text.indexOf(" -->", start);
    if (end === -1) break;
    from = end;
    const state = verified(text.slice(start + MARK.length, end), key);
    if (state) out.push(state);
  }
  return out;
}

function verified(body: string, key: string): GateState | undefined {
  const [data, sig, extra] = body.split(".");
  if (!data || !sig || extra !== undefined) return undefined;
  const want = Buffer.from(mac(key, data));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
  try {
    const state = JSON.parse(inflateRawSync(Buffer.from(data, "base64url"), { maxOutputLength: MAX_INFLATED }).toString("utf8")) as GateState;
    return state.v === 2 && state.scan?.version === 3 ? state : undefined;
  } catch {
    return undefined;
  }
}

export function sameBinding(a: StateBinding, b: StateBinding): boolean {
  return (
    a.owner.toLowerCase() === b.owner.toLowerCase() &&
    a.repo.toLowerCase() === b.repo.toLowerCase() &&
    a.number === b.number &&
    a.baseSha === b.baseSha &&
    a.headSha === b.headSha
  );
}

/** The block in `text` signed with `key` for exactly this owner, repo, PR, base and head. */
export function decodeState(text: string | null | undefined, key: string, want: StateBinding): GateState | undefined {
  return decodeStates(text, key).find((s) => sameBinding(s, want));
}
