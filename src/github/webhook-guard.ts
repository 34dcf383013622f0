// Checks each delivery's payload after its signature and before Probot builds a context or runs a
// handler. @octokit/webhooks' middleware calls `webhooks.verifyAndReceive` for every POST (under
// `probot run` and `createNodeMiddleware` alike) and answers with the `status` of the error it
// throws: wrapping that one method answers a malformed payload 400 instead of a handler's 500.
import type { Probot } from "probot";
import { payloadProblems } from "./webhook-schemas.js";

type Webhooks = Probot["webhooks"];
type Delivery = Parameters<Webhooks["verifyAndReceive"]>[0];

const guarded = new WeakSet<object>();

/** Installs the check on this Probot's webhooks once; must run before the first delivery. */
export function guardPayloads(probot: Probot): void {
  const webhooks = probot.webhooks;
  if (guarded.has(webhooks)) return;
  guarded.add(webhooks);
  const verifyAndReceive = webhooks.verifyAndReceive;
  webhooks.verifyAndReceive = async (delivery: Delivery) => {
    const payload = await signedPayload(webhooks, delivery);
    // A forgery or invalid JSON: the library refuses it as it always did, and an unsigned sender learns nothing of the schema.
    if (payload === undefined) return verifyAndReceive(delivery);
    const problems = payloadProblems(delivery.name, payload);
    if (problems) {
      probot.log.warn({ delivery: delivery.id, event: delivery.name, problems }, "malformed webhook payload refused (400)");
      const error = Object.assign(new Error(`malformed ${delivery.name} payload: ${problems.join("; ")}`), { status: 400 });
      throw new AggregateError([error], error.message);
    }
    // What verifyAndReceive does once the signature matched, without checking and parsing twice.
    return webhooks.receive({ id: delivery.id, name: delivery.name, payload } as Parameters<Webhooks["receive"]>[0]);
  };
}

/** The parsed payload when the signature matches and the text is JSON; undefined otherwise. */
async function signedPayload(webhooks: Webhooks, delivery: Delivery): Promise<unknown> {
  if (!(await webhooks.verify(delivery.payload, delivery.signature).catch(() => false))) return undefined;
  try {
    return JSON.parse(delivery.payload) as unknown;
  } catch {
    return undefined;
  }
}
