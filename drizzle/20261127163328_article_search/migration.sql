-- Full-text search over articles (hand-written: drizzle-kit does not model FTS5).
-- External content: the index stores only tokens; title, dek and body stay in
-- `articles`, which snippet() reads back by rowid. Drafts are indexed too and
-- hidden at query time (visibility depends on the clock, which an index cannot).
-- porter: "howitzers" finds "howitzer"; prefix='2 3' keeps `ca*`/`cae*` cheap.
CREATE VIRTUAL TABLE `article_search` USING fts5(
  title, dek, body,
  content='articles', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2',
  prefix='2 3'
);
--> statement-breakpoint
-- bm25 column weights: a match in the title counts 10 times one in the body, the dek 3 times.
INSERT INTO `article_search` (`article_search`, `rank`) VALUES ('rank', 'bm25(10.0, 3.0, 1.0)');
--> statement-breakpoint
CREATE TRIGGER `articles_search_insert` AFTER INSERT ON `articles` BEGIN
  INSERT INTO `article_search` (rowid, title, dek, body) VALUES (new.id, new.title, new.dek, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `articles_search_delete` AFTER DELETE ON `articles` BEGIN
  INSERT INTO `article_search` (`article_search`, rowid, title, dek, body) VALUES ('delete', old.id, old.title, old.dek, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `articles_search_update` AFTER UPDATE OF title, dek, body ON `articles` BEGIN
  INSERT INTO `article_search` (`article_search`, rowid, title, dek, body) VALUES ('delete', old.id, old.title, old.dek, old.body);
  INSERT INTO `article_search` (rowid, title, dek, body) VALUES (new.id, new.title, new.dek, new.body);
END;
--> statement-breakpoint
-- Articles written before this migration.
INSERT INTO `article_search` (`article_search`) VALUES ('rebuild');
--> statement-breakpoint
-- Search checks visibility and section of every hit; with this covering index it
-- does so without reading the article row (whose body spills to overflow pages).
CREATE INDEX `articles_id_status_published_at_deleted_at_section_id_idx` ON `articles` (`id`, `status`, `published_at`, `deleted_at`, `section_id`);
