/**
 * Editor API tokens, against the local or the deployed D1 (through wrangler):
 *
 *   npm run token -- create --name NAME --scopes articles:write,drafts:read [--local|--remote]
 *   npm run token -- list [--local|--remote]
 *   npm run token -- revoke ID [--local|--remote]
 *   npm run token -- dev          (stores DEV_EDITOR_TOKEN from .dev.vars or .dev.vars.example locally; run by db:setup)
 *
 * `create` prints the token once; only its SHA-256 hash is stored. `--local`
 * is the default.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { generateToken, hashToken, insertTokenSql, parseScopes, SCOPES, tokenId } from '../src/auth/tokens';

const args = process.argv.slice(2);
const command = args[0];
const target = args.includes('--remote') ? '--remote' : '--local';

function option(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function d1(sql: string, json = false): unknown {
  const out = execFileSync('npx', ['wrangler', 'd1', 'execute', 'DB', target, '--command', sql, ...(json ? ['--json'] : []), '--yes'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return json ? JSON.parse(out) : out;
}

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

function usage(): never {
  console.error(
    'usage: npm run token -- create --name NAME --scopes a,b [--local|--remote]\n' +
      '       npm run token -- list [--local|--remote]\n' +
      '       npm run token -- revoke ID [--local|--remote]\n' +
      '       npm run token -- dev\n' +
      `scopes: ${SCOPES.join(', ')}`,
  );
  process.exit(2);
}

async function main() {
  switch (command) {
    case 'create': {
      const name = option('name');
      const scopeList = option('scopes');
      if (!name || !scopeList) usage();
      const scopes = parseScopes(scopeList);
      if (!scopes.length) usage();
      const { token, id, secretHash } = await generateToken();
      d1(insertTokenSql({ id, name, scopes, secretHash, localOnly: false, createdAt: Date.now() }));
      console.log(`created token ${id} "${name}" with ${scopes.join(' ')} in the ${target.slice(2)} database.`);
      console.log('It is shown once; store it now (only its hash is kept):\n');
      console.log(token);
      break;
    }
    case 'list': {
      const result = d1('SELECT id, name, scopes, local_only, created_at, revoked_at FROM api_tokens ORDER BY created_at', true) as {
        results: { id: string; name: string; scopes: string; local_only: number; created_at: number; revoked_at: number | null }[];
      }[];
      const rows = result[0]?.results ?? [];
      if (!rows.length) console.log('no tokens');
      for (const r of rows) {
        const state = r.revoked_at ? `revoked ${new Date(r.revoked_at).toISOString()}` : 'active';
        console.log(
          `${r.id}  ${r.name}  [${r.scopes}]  created ${new Date(r.created_at).toISOString()}  ${state}${r.local_only ? '  (local only)' : ''}`,
        );
      }
      break;
    }
    case 'revoke': {
      const id = args[1] && !args[1].startsWith('--') ? args[1] : option('id');
      if (!id || !/^[0-9a-z]{12}$/.test(id)) usage();
      d1(`UPDATE api_tokens SET revoked_at = ${Date.now()} WHERE id = ${quote(id)} AND revoked_at IS NULL`);
      console.log(`revoked token ${id} in the ${target.slice(2)} database (if it was active).`);
      break;
    }
    case 'dev': {
      if (target === '--remote') throw new Error('the development token is for the local database only');
      const file = existsSync('.dev.vars') ? '.dev.vars' : '.dev.vars.example';
      const token = /^DEV_EDITOR_TOKEN=(\S+)\s*$/m.exec(readFileSync(file, 'utf8'))?.[1];
      if (!token) throw new Error(`${file} has no DEV_EDITOR_TOKEN`);
      const id = tokenId(token);
      if (!id) throw new Error(`DEV_EDITOR_TOKEN in ${file} is not of the form ngt_<12 of 0-9a-z>_<20+ of A-Za-z0-9_->`);
      d1(
        insertTokenSql({
          id,
          name: 'local development',
          scopes: [...SCOPES],
          secretHash: await hashToken(token),
          localOnly: true,
          createdAt: Date.now(),
        }),
      );
      console.log(`stored the development token from ${file} (id ${id}, every scope, local only)`);
      break;
    }
    default:
      usage();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
