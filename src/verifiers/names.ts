// Splitting identifiers and keys into words, shared by rules in every language.

/** Lower-case words of a name: `resetPasswordToken` → reset, password, token; `API_KEY` → api, key. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w !== "");
}
