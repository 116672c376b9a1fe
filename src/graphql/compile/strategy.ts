/**
 * How the compiler reads a page of a parent's linked articles (a country's,
 * an author's, a deal's, an equipment's: through a junction table).
 *
 * SQLite reads a linked page of articles newest first, probing the junction for each:
 * quick for a country in half the articles, a walk of the whole archive for an author
 * with 13 (300 ms at 100k). Reading a parent's L links first costs ~L look-ups and a
 * sort; newest first costs ~limit x N / L steps over N articles, each about half a
 * look-up. So links first when L^2 < limit x N / 2 (max(id) stands in for N, read
 * from the primary key): L < 100 at 1k articles, ~1,000 at 100k. CASE evaluates only
 * the branch it takes (a WHERE or LIMIT term would be re-evaluated per row, or may
 * not name the parent); both give the same rows (tests/linked-pages.test.ts).
 */
import { sql, type SQL } from 'drizzle-orm';

/**
 * Most links of a parent counted when choosing how to read a page of its
 * articles: enough to tell a rare parent from a common one in an archive of a
 * few million articles.
 */
export const LINKS_COUNTED_MAX = 5000;

export interface LinkedPage {
  /** The parent's links in the junction, one row each (`SELECT 1 FROM junction WHERE …`). */
  links: SQL;
  /** How many links the parent has, when a kept count says (src/db/counters.ts): one row, not up to LINKS_COUNTED_MAX. */
  linkCount?: SQL | null;
  /** The page's LIMIT (the page size and one). */
  limit: SQL;
  /** The page read from the junction outward (CROSS JOIN keeps the junction outer). */
  linksFirst: SQL;
  /** The page read from the articles' date order, probing the junction. */
  newestFirst: SQL;
}

/** The strategy: links first when L² < limit × N / 2, else newest first, chosen by SQLite per parent. */
export function linksFirstWhenFew(page: LinkedPage): SQL {
  const links = page.linkCount
    ? sql`SELECT ${page.linkCount} AS n`
    : sql`SELECT count(*) AS n FROM (${page.links} LIMIT ${sql.raw(String(LINKS_COUNTED_MAX))})`;
  const few = sql`(SELECT n * n < ${page.limit} * (SELECT max(id) FROM articles) / 2 FROM (${links}))`;
  return sql`CASE WHEN ${few} THEN ${page.linksFirst} ELSE ${page.newestFirst} END`;
}
