// Where the package's own files are, whether running from dist/ or from the TypeScript sources.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kubesleuth') return dir;
    dir = dirname(dir);
  }
  throw new Error('kubesleuth: cannot find the package root');
}

/** The package root (holds package.json, rules/, samples/). */
export const ROOT = findRoot();
/** The built-in rules directory. */
export const RULES_DIR = join(ROOT, 'rules');
/** The package version. */
export const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
