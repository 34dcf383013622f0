// The formats providers document for their credentials, as data: one entry per format, with the
// provider's name for the rule's table. any/hardcoded-credentials reads them; the table in
// rules/verifiers/any/hardcoded-credentials.yml lists every provider (a test keeps the two equal).
// Each pattern is bounded and starts with a look-behind, so a hostile line costs linear time.

export interface TokenFormat {
  /** The provider, as named in the rule's table. */
  provider: string;
  /** What the credential is, for the message: "A Slack token". */
  kind: string;
  pattern: RegExp;
  /** Texts of which every match contains one: a file without any is not searched with this pattern. */
  hint: string[];
  /** Extra test on the match, for formats a prefix alone does not identify. */
  valid?: (token: string) => boolean;
  /** False for formats whose test fixtures are normally real-looking but harmless. */
  inTests?: boolean;
}

/** A credential with no prefix of its own, known by the name it is assigned to and the shape of its value. */
export interface KeyedFormat {
  provider: string;
  kind: string;
  /** All of these words are in the name (lower case, from secretNameWords). */
  words: string[];
  /** The whole value. */
  value: RegExp;
}

const B = "(?<![A-Za-z0-9_-])";
const E = "(?![A-Za-z0-9_-])";
const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

function format(provider: string, kind: string, hint: string | string[], body: string, extra: Partial<TokenFormat> = {}): TokenFormat {
  return { provider, kind, hint: typeof hint === "string" ? [hint] : hint, pattern: new RegExp(`${B}${body}${E}`, "g"), ...extra };
}

const GITHUB: Record<string, string> = {
  p: "A GitHub personal access token",
  o: "A GitHub OAuth access token",
  u: "A GitHub App user access token",
  s: "A GitHub App installation token",
  r: "A GitHub refresh token",
};

/** Table order decides which kind a line reports when several match it. */
export const TOKEN_FORMATS: TokenFormat[] = [
  format("AWS", "An AWS access key ID", ["AKIA", "ASIA"], "(?:AKIA|ASIA)[A-Z0-9]{16}"),
  format("AWS", "An AWS session token", ["ZXIvYXdz", "IQoJb3JpZ2luX2Vj"], "(?:FwoGZXIvYXdz|FQoGZXIvYXdz|IQoJb3JpZ2luX2Vj)[A-Za-z0-9/+=]{100,2000}"),
  format("GitHub", "A GitHub fine-grained personal access token", "github_pat_", "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"),
  ...Object.entries(GITHUB).map(([letter, kind]) => format("GitHub", kind, `gh${letter}_`, `gh${letter}_[A-Za-z0-9]{36}`)),
  format("GitLab", "A GitLab personal access token", "glpat-", "glpat-[A-Za-z0-9_-]{20,64}"),
  format("GitLab", "A GitLab deploy, runner or trigger token", "gl", "(?:gldt|glrt|glptt|glft|gloas|glsoat|glcbt)-[A-Za-z0-9_-]{20,64}"),
  format("GitLab", "A GitLab runner registration token", "GR1348941", "GR1348941[A-Za-z0-9_-]{20}"),
  format("Hugging Face", "A Hugging Face access token", "hf_", "hf_[A-Za-z0-9]{34,40}"),
  format("SendGrid", "A SendGrid API key", "SG.", "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"),
  format("PyPI", "A PyPI API token", "pypi-AgE", "pypi-AgE[A-Za-z0-9_-]{50,500}"),
  format("RubyGems", "A RubyGems API key", "rubygems_", "rubygems_[a-f0-9]{48}"),
  format("Docker Hub", "A Docker Hub access token", "dckr_pat_", "dckr_pat_[A-Za-z0-9_-]{27,40}"),
  format("Shopify", "A Shopify access token", "shp", "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"),
  format("DigitalOcean", "A DigitalOcean token", "_v1_", "do[opr]_v1_[a-f0-9]{64}"),
  format("Slack", "A Slack token", "xox", "xox[baprse]-[0-9]{6,20}-[A-Za-z0-9-]{8,250}"),
  format("Slack", "A Slack app-level token", "xapp-", "xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,16}-[a-f0-9]{64}"),
  format("Slack", "A Slack incoming-webhook URL", "hooks.slack.com", "https://hooks\\.slack\\.com/(?:services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32}|workflows/T[A-Z0-9]{6,12}/A[A-Z0-9]{6,12}/[0-9]{15,20}/[A-Za-z0-9]{20,32})"),
  format("Stripe", "A Stripe live secret key", "sk_live_", "sk_live_[A-Za-z0-9]{24,247}"),
  format("Stripe", "A Stripe live restricted key", "rk_live_", "rk_live_[A-Za-z0-9]{24,247}"),
  format("Square", "A Square access token", "EAAA", "EAAA[A-Za-z0-9_-]{60}", { valid: (t) => mixed(t) }),
  format("Square", "A Square OAuth secret or legacy access token", "sq0", "sq0(?:csp|atp)-[A-Za-z0-9_-]{22,43}"),
  format("Twilio", "A Twilio API key SID", "SK", "SK[0-9a-f]{32}"),
  format("Mailgun", "A Mailgun API key", "key-", "key-[0-9a-f]{32}"),
  format("Mailchimp", "A Mailchimp API key", "-us", "[0-9a-f]{32}-us[0-9]{1,2}"),
  format("Google", "A Google API key", "AIza", "AIza[A-Za-z0-9_-]{35}"),
  format("Google", "A Google OAuth client secret", "GOCSPX-", "GOCSPX-[A-Za-z0-9_-]{28}"),
  format("Anthropic", "An Anthropic API key", "sk-ant-", "sk-ant-[A-Za-z0-9_-]{32,250}"),
  format("OpenAI", "An OpenAI API key", "sk-", "sk-(?!ant-)[A-Za-z0-9_-]{32,250}", {
    // `sk-` also starts slugs and CSS names: only a long random tail is a key.
    valid: (t) => entropy(t) >= 4 && mixed(t),
  }),
  format("npm", "An npm access token", "npm_", "npm_[A-Za-z0-9]{36}"),
  format("Artifactory", "An Artifactory API key", "AKCp", "AKCp[A-Za-z0-9]{69}"),
  format("Artifactory", "An Artifactory reference token", "cmVmdGtuOjAxOj", "cmVmdGtuOjAxOj[A-Za-z0-9]{50}"),
  format("Telegram", "A Telegram bot token", ":AA", "[0-9]{8,10}:AA[A-Za-z0-9_-]{33}"),
  format("Microsoft Teams / Outlook", "A Microsoft Teams or Outlook incoming-webhook URL", "IncomingWebhook", `https://(?:outlook\\.office(?:365)?\\.com|[a-z0-9-]{1,60}\\.webhook\\.office\\.com)/webhook(?:b2)?/${UUID}@${UUID}/IncomingWebhook/[0-9a-f]{32}/${UUID}`),
  format("Microsoft Entra ID", "A Microsoft Entra ID (Azure AD) client secret", "Q~", "[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}", { valid: (t) => entropy(t) >= 4 }),
  format("Azure Storage", "An Azure Storage account key", "AccountKey=", "AccountKey=[A-Za-z0-9+/]{86}==(?=;|$|[\\s'\"`])"),
  format("Braintree", "A Braintree production access token", "access_token$production$", "access_token\\$production\\$[a-z0-9]{16}\\$[a-f0-9]{32}"),
  format("Onfido", "An Onfido live API token", "api_live", "api_live(?:_[a-z]{2})?\\.[A-Za-z0-9_-]{11}\\.[A-Za-z0-9_-]{32}"),
  format("SonarQube", "A SonarQube token", "sq", "sq[upa]_[a-f0-9]{40}"),
  format("Heroku", "A Heroku API key", "HRKU-", "HRKU-AA[A-Za-z0-9_-]{58}"),
  format("Discord", "A Discord webhook URL", "/api/webhooks/", "https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68}"),
  format("Discord", "A Discord bot token", ["M", "N", "O"], "[MNO][A-Za-z0-9]{22,26}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}", {
    // The first part is a user id (digits) in base64: checking it keeps other dotted base64 out.
    valid: (t) => /^[0-9]{17,20}$/.test(Buffer.from(t.split(".")[0] ?? "", "base64").toString("latin1")),
  }),
  format("New Relic", "A New Relic API key", "NR", "NR(?:AK|II|JS)-[A-Za-z0-9_-]{19,32}"),
  format("New Relic", "A New Relic license key", "NRAL", "[a-f0-9]{36}NRAL"),
  format("Dropbox", "A Dropbox access token", "sl.", "sl\\.(?:u\\.)?[A-Za-z0-9_-]{130,1400}"),
  format("Linear", "A Linear API key", "lin_", "lin_(?:api_[A-Za-z0-9]{40}|oauth_[a-f0-9]{64})"),
  format("HashiCorp Vault", "A HashiCorp Vault token", "hv", "hv[sb]\\.[A-Za-z0-9_-]{90,400}"),
  format("Terraform Cloud", "A Terraform Cloud API token", ".atlasv1.", "[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}"),
  format("Atlassian", "An Atlassian API token", "ATATT3", "ATATT3[A-Za-z0-9_=-]{180,200}"),
  format("Postman", "A Postman API key", "PMAK-", "PMAK-[a-f0-9]{24}-[a-f0-9]{34}"),
  format("Grafana", "A Grafana service account token", "glsa_", "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"),
  format("Doppler", "A Doppler token", "dp.", "dp\\.(?:pt|st|sa|ct|scim|audit)\\.(?:[a-z0-9_-]{1,40}\\.)?[A-Za-z0-9]{40,44}"),
  format("Pulumi", "A Pulumi access token", "pul-", "pul-[a-f0-9]{40}"),
  format("Supabase", "A Supabase access token", "sbp_", "sbp_[a-f0-9]{40}"),
  format("Sentry", "A Sentry auth token", "sntry", "sntry[us]_[A-Za-z0-9+/=_-]{64,300}"),
  format("Mapbox", "A Mapbox secret token", "sk.eyJ", "sk\\.eyJ[A-Za-z0-9_-]{20,200}\\.[A-Za-z0-9_-]{20,100}"),
  format("Figma", "A Figma personal access token", "figd_", "figd_[A-Za-z0-9_-]{40}"),
  format("Buildkite", "A Buildkite API token", "bkua_", "bkua_[a-f0-9]{40}"),
  format("Airtable", "An Airtable personal access token", "pat", "pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}"),
  format("Tailscale", "A Tailscale key", "tskey-", "tskey-(?:api|auth|client)-[A-Za-z0-9]{8,20}-[A-Za-z0-9]{20,40}"),
  format("age", "An age secret key", "AGE-SECRET-KEY-1", "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"),
  format("JWT", "A JSON Web Token", "eyJ", "eyJ[A-Za-z0-9_-]{8,2000}\\.eyJ[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{16,1000}", {
    valid: payloadIsJson,
    inTests: false,
  }),
];

/** Credentials without a prefix: the name says whose, the value's shape says it is one. */
export const KEYED_FORMATS: KeyedFormat[] = [
  { provider: "AWS", kind: "An AWS secret access key", words: ["aws", "secret"], value: /^[A-Za-z0-9/+]{40}$/ },
  { provider: "Twilio", kind: "A Twilio auth token", words: ["twilio", "token"], value: /^[0-9a-f]{32}$/ },
  { provider: "Heroku", kind: "A Heroku API key", words: ["heroku", "key"], value: new RegExp(`^${UUID}$`) },
  { provider: "Snyk", kind: "A Snyk API token", words: ["snyk", "token"], value: new RegExp(`^${UUID}$`) },
  { provider: "Datadog", kind: "A Datadog API key", words: ["dd", "api"], value: /^[0-9a-f]{32}$/ },
  { provider: "Datadog", kind: "A Datadog API or application key", words: ["datadog"], value: /^[0-9a-f]{32}(?:[0-9a-f]{8})?$/ },
  { provider: "Braintree", kind: "A Braintree private key", words: ["braintree", "private"], value: /^[0-9a-f]{32}$/ },
  { provider: "Mailgun", kind: "A Mailgun API key", words: ["mailgun", "key"], value: /^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/ },
  { provider: "Dropbox", kind: "A Dropbox long-lived access token", words: ["dropbox", "token"], value: /^[A-Za-z0-9_-]{64}$/ },
  { provider: "Cloudflare", kind: "A Cloudflare API token", words: ["cloudflare", "token"], value: /^[A-Za-z0-9_-]{40}$/ },
];

/** Upper case, lower case and digits: machine-made, not a word or an identifier. */
function mixed(t: string): boolean {
  return /[0-9]/.test(t) && /[A-Z]/.test(t) && /[a-z]/.test(t);
}

function payloadIsJson(jwt: string): boolean {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload === "object" && payload !== null;
  } catch {
    return false;
  }
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  let total = 0;
  for (const c of s) {
    counts.set(c, (counts.get(c) ?? 0) + 1);
    total++;
  }
  let h = 0;
  for (const n of counts.values()) h -= (n / total) * Math.log2(n / total);
  return h;
}

/** A crypt(3) hash on its own: a value that is one is a stored hash, not a password. */
export const CRYPT_HASH = /^\$(?:1|2[abxy]?|5|6|y|gy|7|apr1)\$[./A-Za-z0-9$=]{20,300}$/;
/** A bcrypt hash: `$2b$12$` and 53 characters of bcrypt's base64. */
export const BCRYPT_HASH = /(?<![A-Za-z0-9$./])\$2[abxy]?\$[0-9]{2}\$[./A-Za-z0-9]{53}(?![./A-Za-z0-9])/;
/** A user's crypt(3) hash as /etc/shadow, chpasswd -e and .htpasswd write it: `alice:$6$salt$hash:19000:0:99999:7:::`. */
export const SHADOW_LINE = /(?:^|["'\s])[a-z_][a-z0-9_.-]{0,31}:\$(?:1|2[abxy]?|5|6|y|gy|7|apr1)\$[./A-Za-z0-9$=]{8,300}(?::[0-9]{0,6}:|["'\s]|$)/;
