// The gate's memory of a head commit, kept in its check run's output.text: the scan (so an
// approval re-decides without reading the code again), the time the gate first saw the head,
// and approvals that live nowhere else (button clicks). Signed with a key only this app holds,
// so a run of the same name written by anyone else is never trusted.
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

export interface GateState {
  v: 1;
  headSha: string;
  /** The earliest time the gate saw this head: approvals posted before it are stale. */
  headSeenAt: string;
  scan: Scan;
  buttons: ButtonClick[];
  /** Approvals accepted at the last decision, kept for carry-over to a later head. */
  accepted: AcceptedApproval[];
}

const MARK = "agent-gate-state:v1:";
/** Leaves room in output.text (65,535) for the human-readable part. */
export const MAX_BLOCK = 60_000;

function mac(key: string, data: string): string {
  return createHmac("sha256", key).update(data).digest("base64url");
}

/** The block as an HTML comment (invisible on GitHub), or undefined when it would not fit. */
export function encodeState(state: GateState, key: string): string | undefined {
  const data = deflateRawSync(Buffer.from(JSON.stringify(state), "utf8")).toString("base64url");
  const block = `<!-- ${MARK}${data}.${mac(key, data)} -->`;
  return block.length <= MAX_BLOCK ? block : undefined;
}

export function decodeState(text: string | null | undefined, key: string): GateState | undefined {
  if (!text) return undefined;
  const start = text.indexOf(MARK);
  if (start === -1) return undefined;
  const end = text.indexOf(" -->", start);
  if (end === -1) return undefined;
  const [data, sig] = text.slice(start + MARK.length, end).split(".");
  if (!data || !sig) return undefined;
  const want = Buffer.from(mac(key, data));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
  try {
    const state = JSON.parse(inflateRawSync(Buffer.from(data, "base64url")).toString("utf8")) as GateState;
    return state.v === 1 && state.scan?.version === 3 ? state : undefined;
  } catch {
    return undefined;
  }
}
