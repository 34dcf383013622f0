// GitHub Actions workflow commands on stdout: `::error file=…,line=…::message`. Messages and
// properties are escaped as the runner unescapes them, so text the pull request controls (file
// names, quoted code) cannot end a command early or start another one.
import type { Annotation } from "../engine/render.js";

const LEVEL: Record<Annotation["annotation_level"], string> = { failure: "error", warning: "warning", notice: "notice" };

export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function command(name: string, props: Record<string, string | number>, message: string): string {
  const list = Object.entries(props).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
  return `::${name}${list ? ` ${list}` : ""}::${escapeData(message)}`;
}

/** One annotation as the runner shows it on the file's line in the pull request. */
export function annotationCommand(a: Annotation): string {
  return command(LEVEL[a.annotation_level], { file: a.path, line: a.start_line, endLine: a.end_line, title: a.title }, a.message);
}
