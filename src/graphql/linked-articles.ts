/**
 * The `articles` connection of an entity (a section's, an author's, a country's,
 * a deal's, a piece of equipment's): the visible stories linked to it, newest
 * first, with `totalCount`, read the same way by the resolvers (`query`) and the
 * compiler (`extensions`, src/graphql/compile/recipes.ts).
 */
import { read } from './compile/recipes';
import type { Context } from './context';
import { ARTICLE_CURSOR } from './cursors';
import { NEWEST_FIRST } from './orderings';
import { visibleArticles } from './visibility';

/** `counted`: the key of its kept count (src/db/counters.ts). */
export const linkedArticles = (description: string, counted: string) => ({
  validate: ARTICLE_CURSOR,
  description,
  totalCount: true as const,
  query: (_args: unknown, ctx: Context) => ({ where: visibleArticles(ctx), orderBy: NEWEST_FIRST }),
  extensions: read.connection(NEWEST_FIRST, { visibleArticles: true, counted }),
});
