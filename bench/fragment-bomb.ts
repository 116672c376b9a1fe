/**
 * `npx tsx bench/fragment-bomb.ts [levels...]`
 *
 * Times the operation compiler's planning (src/graphql/compile) of a "fragment
 * bomb": fragment Fn spreads F(n-1) twice, so the document grows linearly with
 * the levels while a naive expansion visits 2^levels spreads. Runs in Node, on
 * the schema the Worker builds; no D1 is involved (planning issues no SQL).
 */
import { parse, validate } from 'graphql';
import { schema } from '../src/graphql/schema';
import { planOperation } from '../src/graphql/compile/compile';

export function fragmentBomb(levels: number): string {
  const fragments = [`fragment F0 on Query { sections { name } }`];
  for (let n = 1; n <= levels; n++) fragments.push(`fragment F${n} on Query { ...F${n - 1} ...F${n - 1} }`);
  return `query Bomb { ...F${levels} }\n${fragments.join('\n')}`;
}

const levels = process.argv.slice(2).map(Number).filter(Number.isFinite);
for (const n of levels.length ? levels : [10, 16, 20, 22, 24]) {
  const text = fragmentBomb(n);
  const document = parse(text);
  const t0 = performance.now();
  const errors = validate(schema, document);
  const t1 = performance.now();
  const plan = planOperation(schema, document, 'Bomb');
  const t2 = performance.now();
  console.log(
    `${n} levels, ${text.length} chars: validate ${(t1 - t0).toFixed(1)} ms (${errors.length} errors), plan ${(t2 - t1).toFixed(1)} ms (${plan ? 'compiled' : 'not compiled'})`,
  );
}

/**
 * The other shape: sibling fields that spread the same fragment, so the response itself
 * doubles per level. Expanding each fragment once does not bound this one; the compiler's
 * MAX_PLANNED_FIELDS does (it falls back), and the request limits refuse it in front.
 */
export function nestedBomb(levels: number): string {
  const fragments = [`fragment S0 on Section { name }`];
  for (let n = 1; n <= levels; n++) {
    fragments.push(
      `fragment S${n} on Section { articles(first: 1) { edges { node { a: section { ...S${n - 1} } b: section { ...S${n - 1} } } } } }`,
    );
  }
  return `query Bomb { sections { ...S${levels} } }\n${fragments.join('\n')}`;
}
for (const n of [8, 12, 16, 20]) {
  const text = nestedBomb(n);
  const document = parse(text);
  const t0 = performance.now();
  const plan = planOperation(schema, document, 'Bomb');
  console.log(
    `nested ${n} levels, ${text.length} chars: plan ${(performance.now() - t0).toFixed(1)} ms (${plan ? 'compiled' : 'not compiled'})`,
  );
}
