// A rule's messages by id: the ids its code reports (`messageIds`) and the messages in its YAML
// must be the same set, checked when the rules load, so a typo or a dead message never ships.
import type { Report, RuleMeta, VerifierModule } from "./types.js";

/** Throws, naming the rule and the id, when the code and the YAML disagree on the messages. */
export function checkMessageIds(module: VerifierModule, meta: RuleMeta): void {
  const yaml = new Set(Object.keys(meta.messages));
  const code = new Set(module.messageIds);
  const where = `rules/verifiers/${module.id}.yml`;
  for (const id of code) {
    if (!yaml.has(id)) throw new Error(`verifier ${module.id} reports messageId "${id}", which has no message in ${where}`);
  }
  for (const id of yaml) {
    if (!code.has(id)) throw new Error(`verifier ${module.id}: message "${id}" in ${where} is not in its messageIds, so no code uses it`);
  }
}

/**
 * The rule's check, failing (a verifier error, which blocks) when it reports an id it did not
 * declare: such a report would have no message to show. Thrown after the check so that a rule's
 * own try/catch cannot swallow it.
 */
export function reportingDeclaredIds(module: VerifierModule): VerifierModule["check"] {
  const ids = new Set(module.messageIds);
  return (ctx) => {
    let unknown: string | undefined;
    const report = (r: Report): void => {
      if (ids.has(r.messageId)) ctx.report(r);
      else unknown ??= r.messageId;
    };
    module.check({ ...ctx, report });
    if (unknown !== undefined) throw new Error(`verifier ${module.id} reported messageId "${unknown}", which it does not declare`);
  };
}
