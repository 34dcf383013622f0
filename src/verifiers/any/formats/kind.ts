// What kind of file a path holds, for rules that read many formats: each format is read its own
// way (a Dockerfile's RUN lines, a workflow's `run:` steps, a Makefile's recipes).
import { extension } from "../../../engine/language.js";

export { extension };

export type FileKind =
  | "dockerfile"
  | "shell"
  | "makefile"
  | "workflow"
  | "action"
  | "gitlab-ci"
  | "package-json"
  | "requirements"
  | "terraform"
  | "yaml"
  | "json"
  | "sudoers"
  | "env"
  | "other";

const SHELL_EXTENSIONS = new Set(["sh", "bash", "zsh", "ksh", "dash", "ash"]);
const SHEBANG = /^#!\s{0,10}\S{0,100}?\/(?:env\s{1,10}(?:-\S{1,20}\s{1,10}){0,3})?(?:ba|z|k|da|a)?sh(?:\s|$)/;

/** "/var/run/docker.sock/" as "/var/run/docker.sock", "/" as "/". A loop: /\/+$/ backtracks on long runs. */
export function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path.charAt(end - 1) === "/") end--;
  return path.slice(0, end);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}


/** Dockerfile.dev, Dockerfile-alpine and Dockerfile_prod are Dockerfiles; Dockerfile.md is their documentation. */
const NOT_DOCKERFILE = new Set(["md", "markdown", "txt", "rst", "adoc", "html", "json", "yml", "yaml", "toml", "orig", "bak", "swp"]);

export function isDockerfile(path: string): boolean {
  const base = baseName(path).toLowerCase();
  if (base === "dockerfile" || base === "containerfile" || base.endsWith(".dockerfile") || base.endsWith(".containerfile")) return true;
  return /^(?:docker|container)file[._-]/.test(base) && !NOT_DOCKERFILE.has(extension(path));
}

export function isWorkflow(path: string): boolean {
  return /^\.github\/workflows\/.+\.ya?ml$/.test(path);
}

export function fileKind(path: string, text: string): FileKind {
  const base = baseName(path);
  const lower = base.toLowerCase();
  const ext = extension(path);
  if (isDockerfile(path)) return "dockerfile";
  if (isWorkflow(path)) return "workflow";
  if (lower === "action.yml" || lower === "action.yaml") return "action";
  if (lower === ".gitlab-ci.yml" || /^\.gitlab\/ci\/.+\.ya?ml$/.test(path)) return "gitlab-ci";
  if (lower === "package.json") return "package-json";
  if (lower === "makefile" || lower === "gnumakefile" || ext === "mk") return "makefile";
  if (/^(?:requirements|constraints)[\w.-]{0,60}\.(?:txt|in)$/.test(lower) || /(?:^|\/)requirements\/[^/]+\.(?:txt|in)$/.test(path)) {
    return "requirements";
  }
  if (lower === "sudoers" || ext === "sudoers" || /(?:^|\/)sudoers\.d\/[^/]+$/.test(path)) return "sudoers";
  if (lower === ".env" || lower.startsWith(".env.") || ext === "env") return "env";
  if (SHELL_EXTENSIONS.has(ext)) return "shell";
  if (ext === "tf") return "terraform";
  if (ext === "yml" || ext === "yaml") return "yaml";
  if (ext === "json" || ext === "template") return "json";
  if (ext === "" && SHEBANG.test(text.slice(0, 200))) return "shell";
  return "other";
}

/** Files whose text is shell commands somewhere inside. */
export const COMMAND_KINDS: ReadonlySet<FileKind> = new Set(["dockerfile", "shell", "makefile", "workflow", "action", "gitlab-ci", "package-json"]);
