/**
 * The project folder (the nearest folder up from this module holding
 * package.json): the same answer from server/ when run as TypeScript and
 * from dist-server/ when run compiled, where paths relative to the module
 * (../dist, ../../geodata) would differ.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

export function repoRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  root = dir;
  return dir;
}

/** A path inside the project folder. */
export const repoPath = (...parts: string[]): string => join(repoRoot(), ...parts);
