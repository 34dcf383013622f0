import type { Language } from "../verifiers/types.js";

const BY_EXTENSION: Record<string, Language> = {
  py: "python",
  pyi: "python",
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
};

// Never fetched or read: no verifier can find anything in them.
const BINARY = new Set(
  "png jpg jpeg gif bmp ico webp avif tiff psd pdf zip gz tgz bz2 xz 7z rar jar war class wasm so dylib dll exe bin o a lib woff woff2 ttf otf eot mp3 mp4 mov avi webm ogg wav flac pyc pyo db sqlite sqlite3 parquet pkl npy npz h5 onnx pt".split(" "),
);

export function extension(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot + 1).toLowerCase();
}

export function languageOf(path: string): Language {
  return BY_EXTENSION[extension(path)] ?? "text";
}

export function isBinaryPath(path: string): boolean {
  return BINARY.has(extension(path));
}
