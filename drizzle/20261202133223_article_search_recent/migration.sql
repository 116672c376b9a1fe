-- The recent full-text index (src/db/search-recent.ts), written by scripts/search-recent.ts:
-- the newest 50,000 stories, which search ranks with when its newest hits are all among them.
CREATE VIRTUAL TABLE `article_search_recent` USING fts5(
  title, dek, body,
  content='', contentless_delete=1,
  tokenize='porter unicode61 remove_diacritics 2',
  prefix='2 3'
);
--> statement-breakpoint
INSERT INTO `article_search_recent` (`article_search_recent`, `rank`) VALUES ('rank', 'bm25(10.0, 3.0, 1.0)');
--> statement-breakpoint
CREATE TRIGGER `articles_search_recent_insert` AFTER INSERT ON `articles` BEGIN
  INSERT INTO article_search_recent (rowid, title, dek, body) VALUES (new.id, new.title, new.dek, new.body);
  DELETE FROM article_search_recent WHERE rowid <= new.id - 50000;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_search_recent_update` AFTER UPDATE OF title, dek, body ON `articles` BEGIN
  DELETE FROM article_search_recent WHERE rowid = old.id;
  INSERT INTO article_search_recent (rowid, title, dek, body) SELECT new.id, new.title, new.dek, new.body WHERE new.id > (SELECT max(id) FROM articles) - 50000;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_search_recent_delete` AFTER DELETE ON `articles` BEGIN
  DELETE FROM article_search_recent WHERE rowid = old.id;
END;
--> statement-breakpoint
DELETE FROM article_search_recent;
--> statement-breakpoint
INSERT INTO article_search_recent (rowid, title, dek, body) SELECT id, title, dek, body FROM articles WHERE id > (SELECT max(id) FROM articles) - 50000;
