// Cloud resources opened to everyone, in Terraform and CloudFormation: S3 buckets with public
// ACLs or their public-access block switched off, firewall rules that let 0.0.0.0/0 or ::/0 reach
// admin and database ports (AWS security groups, GCP firewalls, Azure NSG rules), and IAM policy
// statements that allow every action on every resource.
import { defineVerifier } from "../types.js";
import { attr, blocks, literal, readHcl, strings, type HclBody, type HclValue } from "./formats/hcl.js";
import { fileKind } from "./formats/kind.js";
import { entries, get, items, lineOf, pairLine, parseYaml, readYaml, str, type YamlFile } from "./formats/yaml.js";

const MESSAGE_IDS = ["publicAcl", "publicAccessBlock", "openPort", "adminPolicy"] as const;
type MessageId = (typeof MESSAGE_IDS)[number];

/** Remote admin, database, cache, search and container-API ports. */
const ADMIN_PORTS = new Map<number, string>([
  [21, "FTP"], [22, "SSH"], [23, "Telnet"], [135, "RPC"], [445, "SMB"], [1433, "SQL Server"], [1521, "Oracle"],
  [2375, "Docker API"], [2376, "Docker API"], [2379, "etcd"], [3306, "MySQL"], [3389, "RDP"], [5432, "PostgreSQL"],
  [5601, "Kibana"], [5900, "VNC"], [5984, "CouchDB"], [6379, "Redis"], [6443, "Kubernetes API"], [7001, "WebLogic"],
  [8086, "InfluxDB"], [9042, "Cassandra"], [9200, "Elasticsearch"], [9300, "Elasticsearch"], [10250, "kubelet"],
  [11211, "Memcached"], [27017, "MongoDB"],
]);
const ANYWHERE = new Set(["0.0.0.0/0", "::/0", "*", "internet", "any"]);
const PUBLIC_ACLS = new Set(["public-read", "public-read-write", "PublicRead", "PublicReadWrite"]);
const PUBLIC_BLOCK_FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
const CFN_BLOCK_FLAGS = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"];
/** Above the YAML and HCL readers' own depth guards, so a file they let through is walked in full. */
const MAX_DEPTH = 200;

type Report = (line: number, messageId: MessageId, data: Record<string, string>) => void;

/** Admin ports inside a range, named: "22 (SSH), 3389 (RDP)"; every port when the range is all. */
function exposedPorts(from: number, to: number): string | undefined {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return undefined;
  if (from <= 0 && (to <= 0 || to >= 65535)) return "every port";
  const hit = [...ADMIN_PORTS].filter(([p]) => p >= from && p <= to).map(([p, name]) => `${p} (${name})`);
  return hit.length === 0 ? undefined : hit.slice(0, 4).join(", ") + (hit.length > 4 ? ", ..." : "");
}

/** "22", "1000-2000", "*" as a range. */
function portRange(spec: string): [number, number] {
  if (spec === "*" || spec === "") return [0, 65535];
  const [a = "", b = a] = spec.split("-");
  return [Number(a), Number(b)];
}

export const verifier = defineVerifier({
  id: "any/public-cloud-resource",
  languages: ["any"],
  messageIds: MESSAGE_IDS,
  check(ctx) {
    const kind = fileKind(ctx.path, ctx.text);
    const reported = new Set<number>();
    const report: Report = (line, messageId, data) => {
      if (reported.has(line)) return;
      reported.add(line);
      ctx.report({ messageId, data, line });
    };
    if (kind === "terraform") terraform(readHcl(ctx), report, (reason) => ctx.incomplete(reason));
    else if (kind === "yaml" || kind === "json") {
      const file = readYaml(ctx);
      for (const doc of file?.docs ?? []) if (file) cloudFormation(file, doc.contents, report);
    }
  },
});

function terraform(body: HclBody, report: Report, unread: (reason: string) => void): void {
  for (const block of blocks(body)) {
    const [type = ""] = block.labels;
    const b = block.body;
    if (block.type === "resource" && (type === "aws_s3_bucket" || type === "aws_s3_bucket_acl")) {
      const acl = attr(b, "acl");
      if (acl && PUBLIC_ACLS.has(literal(acl.value) ?? "")) report(acl.line, "publicAcl", { acl: literal(acl.value) ?? "" });
    }
    if (block.type === "resource" && (type === "aws_s3_bucket_public_access_block" || type === "aws_s3_account_public_access_block")) {
      for (const flag of PUBLIC_BLOCK_FLAGS) {
        const a = attr(b, flag);
        if (a && literal(a.value) === "false") report(a.line, "publicAccessBlock", { flag });
      }
    }
    if (block.type === "ingress" || (block.type === "resource" && (type === "aws_security_group_rule" || type === "aws_vpc_security_group_ingress_rule"))) {
      if (type === "aws_security_group_rule" && literal(attr(b, "type")?.value) !== "ingress") continue;
      awsIngress(b, block.line, report);
    }
    if (block.type === "resource" && type === "google_compute_firewall") gcpFirewall(b, block.line, report);
    if (block.type === "security_rule" || (block.type === "resource" && type === "azurerm_network_security_rule")) azureRule(b, block.line, report);
    if (block.type === "statement") iamStatementBlock(b, report);
  }
  hclPolicies(body, report, unread, 0);
}

function awsIngress(b: HclBody, line: number, report: Report): void {
  const cidrs = [...strings(attr(b, "cidr_blocks")?.value), ...strings(attr(b, "ipv6_cidr_blocks")?.value)];
  for (const key of ["cidr_ipv4", "cidr_ipv6"]) cidrs.push(...strings(attr(b, key)?.value));
  const open = cidrs.find((c) => c === "0.0.0.0/0" || c === "::/0");
  if (!open) return;
  const protocol = literal(attr(b, "protocol")?.value) ?? literal(attr(b, "ip_protocol")?.value) ?? "";
  const all = protocol === "-1" || protocol === "all";
  const from = Number(literal(attr(b, "from_port")?.value) ?? (all ? 0 : NaN));
  const to = Number(literal(attr(b, "to_port")?.value) ?? (all ? 65535 : NaN));
  const ports = all ? "every port" : exposedPorts(from, to);
  const at = attr(b, "cidr_blocks") ?? attr(b, "ipv6_cidr_blocks") ?? attr(b, "cidr_ipv4") ?? attr(b, "cidr_ipv6");
  if (ports) report(at?.line ?? line, "openPort", { cidr: open, ports });
}

function gcpFirewall(b: HclBody, line: number, report: Report): void {
  if ((literal(attr(b, "direction")?.value) ?? "INGRESS") !== "INGRESS") return;
  const ranges = attr(b, "source_ranges");
  const open = strings(ranges?.value).find((c) => c === "0.0.0.0/0" || c === "::/0");
  if (!open) return;
  for (const allow of b.blocks.filter((x) => x.type === "allow")) {
    const protocol = literal(attr(allow.body, "protocol")?.value) ?? "";
    const ports = strings(attr(allow.body, "ports")?.value);
    const exposed =
      protocol === "all" || ports.length === 0
        ? "every port"
        : ports.map((p) => exposedPorts(...portRange(p))).filter((p) => p !== undefined).join(", ");
    if (exposed) report(ranges?.line ?? line, "openPort", { cidr: open, ports: exposed });
  }
}

function azureRule(b: HclBody, line: number, report: Report): void {
  if ((literal(attr(b, "direction")?.value) ?? "").toLowerCase() !== "inbound") return;
  if ((literal(attr(b, "access")?.value) ?? "").toLowerCase() !== "allow") return;
  const sourceAttr = attr(b, "source_address_prefix") ?? attr(b, "source_address_prefixes");
  const open = strings(sourceAttr?.value).find((s) => ANYWHERE.has(s.toLowerCase()));
  if (!open) return;
  const specs = [...strings(attr(b, "destination_port_range")?.value), ...strings(attr(b, "destination_port_ranges")?.value)];
  const exposed = specs.map((p) => exposedPorts(...portRange(p))).filter((p) => p !== undefined).join(", ");
  if (exposed) report(sourceAttr?.line ?? line, "openPort", { cidr: open, ports: exposed });
}

/** `statement { actions = ["*"] resources = ["*"] }` of an aws_iam_policy_document. */
function iamStatementBlock(b: HclBody, report: Report): void {
  const actions = attr(b, "actions");
  const effect = literal(attr(b, "effect")?.value) ?? "Allow";
  if (effect === "Allow" && actions && strings(actions.value).includes("*") && strings(attr(b, "resources")?.value).includes("*")) {
    report(actions.line, "adminPolicy", {});
  }
}

/** jsonencode({...}) objects and JSON heredocs anywhere in the file. */
function hclPolicies(body: HclBody, report: Report, unread: (reason: string) => void, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const action = attr(body, "Action");
  const effect = literal(attr(body, "Effect")?.value) ?? "Allow";
  if (action && effect === "Allow" && strings(action.value).includes("*") && strings(attr(body, "Resource")?.value).includes("*")) {
    report(action.line, "adminPolicy", {});
  }
  const values = (v: HclValue): HclValue[] =>
    v.kind === "list" ? v.items : v.kind === "call" ? v.args : v.kind === "object" ? [v] : v.kind === "heredoc" ? [v] : [];
  const visit = (v: HclValue) => {
    if (v.kind === "object") hclPolicies(v.body, report, unread, depth + 1);
    else if (v.kind === "heredoc") {
      const file = parseYaml(v.value);
      if (!file) unread(`the heredoc on line ${v.line} could not be read as JSON or YAML`);
      for (const doc of file?.docs ?? []) if (file) jsonPolicies(file, doc.contents, (line, id, data) => report(v.line + line - 1, id, data), 0);
    } else values(v).forEach(visit);
  };
  for (const a of body.attrs) visit(a.value);
  for (const b of body.blocks) hclPolicies(b.body, report, unread, depth + 1);
}

function cloudFormation(file: YamlFile, root: unknown, report: Report): void {
  jsonPolicies(file, root, report, 0);
  const resources = get(root, "Resources") ?? get(get(root, "resources"), "Resources");
  for (const [, resource] of entries(resources)) {
    const type = str(get(resource, "Type")) ?? "";
    const props = get(resource, "Properties");
    if (type === "AWS::S3::Bucket") {
      for (const [key, value, pair] of entries(props)) {
        if (key === "AccessControl" && PUBLIC_ACLS.has(str(value) ?? "")) report(pairLine(file, pair), "publicAcl", { acl: str(value) ?? "" });
        if (key !== "PublicAccessBlockConfiguration") continue;
        for (const [flag, v, p] of entries(value)) {
          if (CFN_BLOCK_FLAGS.includes(flag) && str(v) === "false") report(pairLine(file, p), "publicAccessBlock", { flag });
        }
      }
    }
    const rules = type === "AWS::EC2::SecurityGroup" ? items(get(props, "SecurityGroupIngress")) : type === "AWS::EC2::SecurityGroupIngress" ? [props] : [];
    for (const rule of rules) {
      const open = str(get(rule, "CidrIp")) === "0.0.0.0/0" ? "0.0.0.0/0" : str(get(rule, "CidrIpv6")) === "::/0" ? "::/0" : undefined;
      if (!open) continue;
      const protocol = str(get(rule, "IpProtocol")) ?? "";
      const all = protocol === "-1" || protocol === "all";
      const ports = all ? "every port" : exposedPorts(Number(str(get(rule, "FromPort"))), Number(str(get(rule, "ToPort"))));
      if (ports) report(lineOf(file, rule), "openPort", { cidr: open, ports });
    }
  }
}

/** IAM statements in JSON or YAML (CloudFormation PolicyDocument, a policy file) allowing "*" on "*". */
function jsonPolicies(file: YamlFile, node: unknown, report: Report, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const item of items(node)) jsonPolicies(file, item, report, depth + 1);
  for (const [key, value] of entries(node)) {
    if (key === "Statement") {
      for (const st of items(value).length > 0 ? items(value) : [value]) {
        const effect = str(get(st, "Effect")) ?? "";
        const actions = [get(st, "Action")].flatMap((a) => (items(a).length > 0 ? items(a) : [a])).map(str);
        const resources = [get(st, "Resource")].flatMap((r) => (items(r).length > 0 ? items(r) : [r])).map(str);
        if (effect === "Allow" && actions.includes("*") && resources.includes("*")) {
          const pair = [...entries(st)].find(([k]) => k === "Action")?.[2];
          report(pair ? pairLine(file, pair) : lineOf(file, st), "adminPolicy", {});
        }
      }
    }
    jsonPolicies(file, value, report, depth + 1);
  }
}
