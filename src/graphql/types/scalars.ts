import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder';

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Whether the fields name a real calendar instant. `Date` rolls what does not
 * exist into what does (`2024-02-30` is 1 March, `T24:00` the next day), so a
 * typo would be stored as another day: each field is checked instead.
 */
function fieldsExist(m: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = [m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]].map((v) =>
    v === undefined ? undefined : Number(v),
  ) as number[];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
}

function parseDateTime(value: unknown): Date {
  const m = typeof value === 'string' ? ISO_DATETIME.exec(value) : null;
  if (m && fieldsExist(m)) {
    const date = new Date(value as string);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new GraphQLError(
    `DateTime must be an ISO-8601 date-time that exists, with a time zone, such as "2025-01-19T20:17:00Z"; got ${JSON.stringify(value)}`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

export const DateTime = builder.scalarType('DateTime', {
  description: 'An instant as an ISO-8601 string in UTC with millisecond precision, e.g. `2025-01-19T20:17:00.000Z`. Inputs may use any offset.',
  serialize: (value) => new Date(value).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
