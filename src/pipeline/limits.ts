/**
 * The limits a request must stay within before any D1 statement runs, and
 * their refusals: HTTP 400, one error that names the limit, the value found and
 * the maximum, and a stable `extensions.code` per kind:
 *
 *   MAX_TOKENS_EXCEEDED       lexical tokens, counted while parsing
 *   MAX_DEPTH_EXCEEDED        nesting, introspection aside
 *   MAX_ALIASES_EXCEEDED      aliased fields, fragments included
 *   MAX_ROOT_FIELDS_EXCEEDED  fields at the root, fragments included
 *   MAX_DIRECTIVES_EXCEEDED   directives, fragments included
 *   MAX_FIELDS_EXCEEDED       fields once fragments are expanded where spread
 *   MAX_COST_EXCEEDED         the cost with the variables (src/graphql/cost.ts)
 *
 * Depth, aliases and directives are graphql-armor's validation rules (each
 * walks a fragment once); tokens are graphql-js's own `maxTokens`; the root
 * fields rule is ours (armor has none); expanded size and cost come from one
 * walk over the fields' declared costs (`price`), which visits a fragment once.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { FieldComplexity } from '@pothos/plugin-complexity';
import {
  GraphQLError,
  Kind,
  Lexer,
  parse,
  Source,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isInterfaceType,
  isObjectType,
  type FieldNode,
  type GraphQLNamedType,
  TokenKind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Limits } from '../config';

export type LimitName = keyof Limits;

const CODES: Record<LimitName, string> = {
  tokens: 'MAX_TOKENS_EXCEEDED',
  depth: 'MAX_DEPTH_EXCEEDED',
  aliases: 'MAX_ALIASES_EXCEEDED',
  rootFields: 'MAX_ROOT_FIELDS_EXCEEDED',
  directives: 'MAX_DIRECTIVES_EXCEEDED',
  fields: 'MAX_FIELDS_EXCEEDED',
  cost: 'MAX_COST_EXCEEDED',
};

const WHAT: Record<LimitName, string> = {
  tokens: 'tokens',
  depth: 'depth',
  aliases: 'aliases',
  rootFields: 'root fields',
  directives: 'directives',
  fields: 'fields with fragments expanded',
  cost: 'cost',
};

/** The refusal of one limit: 400, with `extensions.limit` = { name, found, max }. */
export function limitExceeded(name: LimitName, found: number, max: number): GraphQLError {
  const n = (v: number) => v.toLocaleString('en-US');
  return new GraphQLError(`Operation refused: ${WHAT[name]} ${n(found)}, over the limit of ${n(max)}.`, {
    extensions: { code: CODES[name], limit: { name, found, max }, http: { status: 400 } },
  });
}

/** Whether `error` is one of these refusals. */
export function isLimitRefusal(error: unknown): boolean {
  const code = (error as GraphQLError | undefined)?.extensions?.code;
  return typeof code === 'string' && Object.values(CODES).includes(code);
}

/** graphql-js 16 says "Document contains more that N tokens" (sic); 17 spells it "than". */
const TOO_MANY_TOKENS = /more tha[nt] \d+ tokens/;

/**
 * graphql-js's parse, stopped at `maxTokens`: a hostile document (thousands of
 * nested braces) is refused while being read, before its recursion can
 * overflow the stack. The refusal counts the whole document's tokens with the
 * lexer, which does not recurse.
 */
export function parseWithTokenLimit(source: string | Source, options: ParseOptions | undefined, maxTokens: number): DocumentNode {
  try {
    return parse(source, { ...options, maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError && TOO_MANY_TOKENS.test(error.message)) throw limitExceeded('tokens', countTokens(source), maxTokens);
    throw error;
  }
}

function countTokens(source: string | Source): number {
  const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A lexical error further on: the tokens up to it are what was found.
  }
  return count;
}

/** Armor reports "… limit of N exceeded, found M."; its numbers become our refusal. */
function armor(name: LimitName, max: number, rule: (options: object) => ValidationRule): ValidationRule {
  return (context: ValidationContext) =>
    rule({
      n: max,
      propagateOnRejection: false,
      onReject: [
        (_ctx: unknown, error: GraphQLError) => {
          const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? max + 1);
          context.reportError(limitExceeded(name, found, max));
        },
      ],
    })(context);
}

/** Root fields of each operation, counting through fragments at the root (each fragment once). */
function rootFieldsRule(max: number): ValidationRule {
  return (context) => {
    const memo = new Map<string, number>();
    const count = (set: SelectionSetNode, seen: Set<string>): number => {
      let n = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) n += s.name.value.startsWith('__') ? 0 : 1;
        else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet, seen);
        else {
          const name = s.name.value;
          if (seen.has(name)) continue; // a cycle: validation reports it
          if (!memo.has(name)) {
            const fragment = context.getFragment(name);
            memo.set(name, fragment ? count(fragment.selectionSet, new Set([...seen, name])) : 0);
          }
          n += memo.get(name)!;
        }
      }
      return n;
    };
    return {
      OperationDefinition(node) {
        const found = count(node.selectionSet, new Set());
        if (found > max) context.reportError(limitExceeded('rootFields', found, max));
      },
    };
  };
}

/** The validation rules of the static limits, for yoga's validation step (cached per document). */
export function documentRules(limits: Limits): ValidationRule[] {
  return [
    armor('depth', limits.depth, (o) => maxDepthRule({ ...o, ignoreIntrospection: true, flattenFragments: true })),
    armor('aliases', limits.aliases, (o) => maxAliasesRule(o)),
    armor('directives', limits.directives, (o) => maxDirectivesRule(o)),
    rootFieldsRule(limits.rootFields),
  ];
}

/** What an operation costs with its variables, and how many fields it selects with fragments expanded. */
export interface Price {
  cost: number;
  fields: number;
}

/**
 * Prices the operation `operationName` selects in a validated document, with
 * its variables: one walk that visits each fragment once per type, summing the
 * fields' declared costs (`extensions.complexity`, src/graphql/cost.ts) times
 * their multipliers. `null` when the variables do not coerce: execution
 * refuses them, with its own error, before anything runs.
 *
 * Not Pothos' `complexityFromQuery`, though the costs are its field option: it
 * reads arguments through the schema's own mappers and validators, so bad
 * input would be refused here, without the path execution gives it.
 */
export function price(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: unknown,
): Price | null {
  let operation: OperationDefinitionNode | undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION && (operationName == null || definition.name?.value === operationName))
      operation ??= definition;
  }
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], (variables ?? {}) as Record<string, unknown>, {
    maxErrors: 1,
  });
  if (coerced.errors) return null;
  const values = coerced.coerced;
  const memo = new Map<SelectionSetNode, Map<string, Price>>();

  /**
   * The price of a selection set on `type`. Under a connection, `page` is its
   * page size and multiplies only the page (`edges`, `nodes`): `totalCount`
   * and `pageInfo` are read once per connection, however small the page, so a
   * count is never free (`first: 0` still counts every matching story).
   */
  const walk = (set: SelectionSetNode, type: GraphQLNamedType, active: Set<SelectionSetNode>, page = 1): Price => {
    const memoKey = `${type.name}|${page}`;
    const known = memo.get(set)?.get(memoKey);
    if (known) return known;
    if (active.has(set)) return { cost: 0, fields: 0 }; // a fragment cycle: validation refused it already
    active.add(set);
    const total = { cost: 0, fields: 0 };
    for (const selection of set.selections) {
      let part: Price;
      if (selection.kind === Kind.FIELD) {
        part = fieldPrice(selection, type, active);
        if (page !== 1 && (selection.name.value === 'edges' || selection.name.value === 'nodes'))
          part = { cost: part.cost * page, fields: part.fields };
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        part = walk(fragment.selectionSet, condition ?? type, active, page);
      }
      total.cost += part.cost;
      total.fields += part.fields;
    }
    active.delete(set);
    if (!memo.has(set)) memo.set(set, new Map());
    memo.get(set)!.set(memoKey, total);
    return total;
  };

  const fieldPrice = (node: FieldNode, parent: GraphQLNamedType, active: Set<SelectionSetNode>): Price => {
    const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    if (!field) return { cost: 0, fields: 1 }; // __typename and introspection: answered from memory
    let declared = field.extensions.complexity as FieldComplexity<unknown, Record<string, unknown>> | undefined;
    if (typeof declared === 'function') declared = declared(getArgumentValues(field, node, values), {}, field as never);
    const own = typeof declared === 'number' ? declared : (declared?.field ?? 1);
    const multiplier = Math.max(0, typeof declared === 'object' ? (declared.multiplier ?? 1) : 1);
    if (!node.selectionSet) return { cost: own, fields: 1 };
    const named = getNamedType(field.type);
    if (isConnection(named)) {
      const inner = walk(node.selectionSet, named, active, multiplier);
      return { cost: own + inner.cost, fields: 1 + inner.fields };
    }
    const inner = walk(node.selectionSet, named, active);
    return { cost: own + multiplier * inner.cost, fields: 1 + inner.fields };
  };

  return walk(operation.selectionSet, root, new Set());
}

/** A Relay connection: an object type with `edges`. */
function isConnection(type: GraphQLNamedType): boolean {
  return isObjectType(type) && 'edges' in type.getFields();
}

/** The first limit `price` breaks, as its refusal; `undefined` when it is within them all. */
export function overLimit(found: Price, limits: Limits): GraphQLError | undefined {
  if (found.fields > limits.fields) return limitExceeded('fields', found.fields, limits.fields);
  if (found.cost > limits.cost) return limitExceeded('cost', found.cost, limits.cost);
  return undefined;
}
