import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder';
import { isRealDateTime } from '../mutations/rules';

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string' && isRealDateTime(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new GraphQLError(
    `DateTime must be an ISO-8601 date-time that exists, with a time zone, such as "2025-01-19T20:17:00Z"; got ${JSON.stringify(value)}`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

export const DateTime = builder.scalarType('DateTime', {
  description:
    'An instant as an ISO-8601 string in UTC with millisecond precision, e.g. `2025-01-19T20:17:00.000Z`. Inputs may use any offset.',
  serialize: (value) => new Date(value).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
