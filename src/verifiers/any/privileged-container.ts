// Containers given the host: Kubernetes pods and Helm values with privileged: true,
// allowPrivilegeEscalation: true, runAsUser: 0, host namespaces (hostNetwork, hostPID, hostIPC),
// dangerous added capabilities or the Docker socket mounted; docker-compose services with
// privileged: true, host network or PID namespace, or the Docker socket.
import { defineVerifier } from "../types.js";
import { baseName, fileKind, withoutTrailingSlashes } from "./formats/kind.js";
import { entries, get, isTrue, items, lineOf, pairLine, readYaml, str, type PairNode, type YamlFile } from "./formats/yaml.js";

const MESSAGE_IDS = ["privileged", "escalation", "root", "capabilities", "hostNamespace", "hostPath", "composePrivileged", "composeHost", "composeCapabilities", "composeSocket"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

const CAPABILITIES = new Set(["ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH", "NET_ADMIN", "BPF"]);
const HOST_PATHS = new Set(["/", "/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock", "/proc", "/etc", "/root"]);
const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"];
/** Above the YAML reader's own depth guard, so a file it lets through is walked in full. */
const MAX_DEPTH = 200;

/** Reports at a pair's key, or at a list item. */
type Report = (at: PairNode | { line: number }, messageId: MessageId, data: Record<string, string>) => void;

export const verifier = defineVerifier({
  id: "any/privileged-container",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    if (fileKind(ctx.path, ctx.text) !== "yaml") return;
    const file = readYaml(ctx);
    if (!file) return;
    const reported = new Set<number>();
    const report: Report = (at, messageId, data) => {
      const line = "line" in at ? at.line : pairLine(file, at);
      if (reported.has(line)) return;
      reported.add(line);
      ctx.report({ messageId, data, line });
    };
    const helmValues = /^values[\w.-]{0,60}\.ya?ml$/.test(baseName(ctx.path)) && /(?:^|\/)(?:charts?|helm)\//.test(ctx.path);
    for (const doc of file.docs) {
      const root = doc.contents;
      const kubernetes = str(get(root, "apiVersion")) !== undefined && str(get(root, "kind")) !== undefined;
      if (kubernetes || helmValues) walk(root, report, 0);
      else if (get(root, "services") !== undefined) compose(file, root, report);
    }
  },
});

function walk(node: unknown, report: Report, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const item of items(node)) walk(item, report, depth + 1);
  for (const [key, value, pair] of entries(node)) {
    if (key === "securityContext") securityContext(value, report);
    else if (HOST_NAMESPACES.includes(key) && isTrue(value)) report(pair, "hostNamespace", { key });
    else if (key === "hostPath") {
      for (const [k, v, p] of entries(value)) {
        const path = withoutTrailingSlashes(str(v) ?? "");
        if (k === "path" && HOST_PATHS.has(path)) report(p, "hostPath", { path: str(v) ?? "" });
      }
    }
    walk(value, report, depth + 1);
  }
}

function securityContext(ctx: unknown, report: Report): void {
  for (const [key, value, pair] of entries(ctx)) {
    if (key === "privileged" && isTrue(value)) report(pair, "privileged", {});
    else if (key === "allowPrivilegeEscalation" && isTrue(value)) report(pair, "escalation", {});
    else if (key === "runAsUser" && str(value) === "0") report(pair, "root", {});
    else if (key === "capabilities") {
      for (const [k, v, p] of entries(value)) {
        if (k !== "add") continue;
        const added = items(v).map((i) => (str(i) ?? "").toUpperCase().replace(/^CAP_/, ""));
        const bad = added.filter((c) => CAPABILITIES.has(c));
        if (bad.length > 0) report(p, "capabilities", { capabilities: bad.join(", ") });
      }
    }
  }
}

function compose(file: YamlFile, root: unknown, report: Report): void {
  for (const [service, def] of entries(get(root, "services"))) {
    for (const [key, value, pair] of entries(def)) {
      if (key === "privileged" && isTrue(value)) report(pair, "composePrivileged", { service });
      else if ((key === "network_mode" || key === "pid" || key === "ipc") && str(value) === "host") report(pair, "composeHost", { service, key });
      else if (key === "cap_add") {
        const bad = items(value).map((i) => (str(i) ?? "").toUpperCase().replace(/^CAP_/, "")).filter((c) => CAPABILITIES.has(c));
        if (bad.length > 0) report(pair, "composeCapabilities", { service, capabilities: bad.join(", ") });
      } else if (key === "volumes") {
        for (const v of items(value)) {
          const source = str(v)?.split(":")[0] ?? str(get(v, "source"));
          if (source && HOST_PATHS.has(withoutTrailingSlashes(source)) && source !== "/etc" && source !== "/proc") {
            report({ line: lineOf(file, v) }, "composeSocket", { service, source });
          }
        }
      }
    }
  }
}
