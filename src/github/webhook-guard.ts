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
  const receive = webhooks.verifyAndReceive;
  webhooks.verifyAndReceive = async (delivery: Delivery) => {
    const problems = await problemsOf(webhooks, delivery);
    if (problems) {
      probot.log.warn({ delivery: delivery.id, event: delivery.name, problems }, "malformed webhook payload refused (400)");
      const error = Object.assign(new Error(`malformed ${delivery.name} payload: ${problems.join("; ")}`), { status: 400 });
      throw new AggregateError([error], error.message);
    }
    return receive(delivery);
  };
}

/**
 * Problems only for a signed, parseable payload: a forgery or invalid JSON goes on to the
 * library, which refuses it as it always did (and an unsigned sender learns nothing of the schema).
 */
async function problemsOf(webhooks: Webhooks, delivery: Delivery): Promise<string[] | undefined> {
  const text = delivery.payload;
  const signed = await webhooks.verify(text, delivery.signature).catch(() => false);
  if (!signed) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return undefined;
  }
  return payloadProblems(delivery.name, payload);
}
