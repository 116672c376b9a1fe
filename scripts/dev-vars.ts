/**
 * The developer's machine settings (.dev.vars, git-ignored): `npm start` makes
 * it from .dev.vars.example when it is missing, so the local Worker runs as
 * development; wrangler.toml as committed is production. vitest.config.ts
 * reads the same files for the test Worker.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';

/** KEY=value lines of a dotenv file (comments and blank lines skipped). */
export function readVars(file: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) vars[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

/** .dev.vars when the developer has one, else the committed example. */
export function devVars(root = '.'): Record<string, string> {
  const file = existsSync(`${root}/.dev.vars`) ? `${root}/.dev.vars` : `${root}/.dev.vars.example`;
  return readVars(file);
}

if (process.argv[1]?.endsWith('dev-vars.ts') && !existsSync('.dev.vars')) {
  copyFileSync('.dev.vars.example', '.dev.vars');
  console.log('Created .dev.vars from .dev.vars.example (this machine runs the Worker as development).');
}
