-- Kept counts of connections (src/db/counters.ts), written by scripts/counter-triggers.ts:
-- the triggers that keep connection_counts exact, then the counts of the rows already here.
CREATE TRIGGER `article_countries_count_insert` AFTER INSERT ON `article_countries` BEGIN
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'country.articles', new.country_id, 1 FROM articles a WHERE a.id = new.article_id AND a.status = 'published' AND a.deleted_at IS NULL ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `article_countries_count_delete` AFTER DELETE ON `article_countries` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'country.articles' AND parent_id = old.country_id AND EXISTS (SELECT 1 FROM articles a WHERE a.id = old.article_id AND a.status = 'published' AND a.deleted_at IS NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `article_countries_count_update` AFTER UPDATE OF article_id, country_id ON `article_countries` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'country.articles' AND parent_id = old.country_id AND EXISTS (SELECT 1 FROM articles a WHERE a.id = old.article_id AND a.status = 'published' AND a.deleted_at IS NULL);
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'country.articles', new.country_id, 1 FROM articles a WHERE a.id = new.article_id AND a.status = 'published' AND a.deleted_at IS NULL ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `article_authors_count_insert` AFTER INSERT ON `article_authors` BEGIN
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'author.articles', new.author_id, 1 FROM articles a WHERE a.id = new.article_id AND a.status = 'published' AND a.deleted_at IS NULL ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `article_authors_count_delete` AFTER DELETE ON `article_authors` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'author.articles' AND parent_id = old.author_id AND EXISTS (SELECT 1 FROM articles a WHERE a.id = old.article_id AND a.status = 'published' AND a.deleted_at IS NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `article_authors_count_update` AFTER UPDATE OF article_id, author_id ON `article_authors` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'author.articles' AND parent_id = old.author_id AND EXISTS (SELECT 1 FROM articles a WHERE a.id = old.article_id AND a.status = 'published' AND a.deleted_at IS NULL);
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'author.articles', new.author_id, 1 FROM articles a WHERE a.id = new.article_id AND a.status = 'published' AND a.deleted_at IS NULL ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `article_deals_count_insert` AFTER INSERT ON `article_deals` BEGIN
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'deal.articles', new.deal_id, 1 FROM articles a WHERE a.id = new.article_id AND a.status = 'published' AND a.deleted_at IS NULL ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `article_deals_count_delete` AFTER DELETE ON `article_deals` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'deal.articles' AND parent_id = old.deal_id AND EXISTS (SELECT 1 FROM articles a WHERE a.id = old.article_id AND a.status = 'published' AND a.deleted_at IS NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `article_deals_count_update` AFTER UPDATE OF article_id, deal_id ON `article_deals` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'deal.articles' AND parent_id = old.deal_id AND EXISTS (SELECT 1 FROM articles a WHERE a.id = old.article_id AND a.status = 'published' AND a.deleted_at IS NULL);
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'deal.articles', new.deal_id, 1 FROM articles a WHERE a.id = new.article_id AND a.status = 'published' AND a.deleted_at IS NULL ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `article_equipment_count_insert` AFTER INSERT ON `article_equipment` BEGIN
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'equipment.articles', new.equipment_id, 1 FROM articles a WHERE a.id = new.article_id AND a.status = 'published' AND a.deleted_at IS NULL ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `article_equipment_count_delete` AFTER DELETE ON `article_equipment` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'equipment.articles' AND parent_id = old.equipment_id AND EXISTS (SELECT 1 FROM articles a WHERE a.id = old.article_id AND a.status = 'published' AND a.deleted_at IS NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `article_equipment_count_update` AFTER UPDATE OF article_id, equipment_id ON `article_equipment` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'equipment.articles' AND parent_id = old.equipment_id AND EXISTS (SELECT 1 FROM articles a WHERE a.id = old.article_id AND a.status = 'published' AND a.deleted_at IS NULL);
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'equipment.articles', new.equipment_id, 1 FROM articles a WHERE a.id = new.article_id AND a.status = 'published' AND a.deleted_at IS NULL ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deal_parties_count_insert` AFTER INSERT ON `deal_parties` BEGIN
  INSERT INTO connection_counts (connection, parent_id, n) VALUES ('country.deals', new.country_id, 1) ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deal_parties_count_delete` AFTER DELETE ON `deal_parties` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'country.deals' AND parent_id = old.country_id;
END;
--> statement-breakpoint
CREATE TRIGGER `deal_parties_count_update` AFTER UPDATE OF country_id ON `deal_parties` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'country.deals' AND parent_id = old.country_id;
  INSERT INTO connection_counts (connection, parent_id, n) VALUES ('country.deals', new.country_id, 1) ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deal_equipment_count_insert` AFTER INSERT ON `deal_equipment` BEGIN
  INSERT INTO connection_counts (connection, parent_id, n) VALUES ('equipment.deals', new.equipment_id, 1) ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deal_equipment_count_delete` AFTER DELETE ON `deal_equipment` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'equipment.deals' AND parent_id = old.equipment_id;
END;
--> statement-breakpoint
CREATE TRIGGER `deal_equipment_count_update` AFTER UPDATE OF equipment_id ON `deal_equipment` BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'equipment.deals' AND parent_id = old.equipment_id;
  INSERT INTO connection_counts (connection, parent_id, n) VALUES ('equipment.deals', new.equipment_id, 1) ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_count_insert` AFTER INSERT ON `articles` BEGIN
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'section.articles', new.section_id, 1 WHERE new.status = 'published' AND new.deleted_at IS NULL AND new.section_id IS NOT NULL ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_count_delete` BEFORE DELETE ON `articles` WHEN old.status = 'published' AND old.deleted_at IS NULL BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE old.status = 'published' AND old.deleted_at IS NULL AND connection = 'section.articles' AND parent_id = old.section_id;
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'country.articles' AND parent_id IN (SELECT country_id FROM article_countries WHERE article_id = old.id);
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'author.articles' AND parent_id IN (SELECT author_id FROM article_authors WHERE article_id = old.id);
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'deal.articles' AND parent_id IN (SELECT deal_id FROM article_deals WHERE article_id = old.id);
  UPDATE connection_counts SET n = n - 1 WHERE connection = 'equipment.articles' AND parent_id IN (SELECT equipment_id FROM article_equipment WHERE article_id = old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `articles_count_update` AFTER UPDATE OF status, deleted_at, section_id ON `articles`
WHEN (old.status = 'published' AND old.deleted_at IS NULL) IS NOT (new.status = 'published' AND new.deleted_at IS NULL) OR old.section_id IS NOT new.section_id BEGIN
  UPDATE connection_counts SET n = n - 1 WHERE old.status = 'published' AND old.deleted_at IS NULL AND connection = 'section.articles' AND parent_id = old.section_id;
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'section.articles', new.section_id, 1 WHERE new.status = 'published' AND new.deleted_at IS NULL AND new.section_id IS NOT NULL ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
  UPDATE connection_counts SET n = n - 1 WHERE old.status = 'published' AND old.deleted_at IS NULL AND NOT (new.status = 'published' AND new.deleted_at IS NULL) AND connection = 'country.articles' AND parent_id IN (SELECT country_id FROM article_countries WHERE article_id = old.id);
  UPDATE connection_counts SET n = n - 1 WHERE old.status = 'published' AND old.deleted_at IS NULL AND NOT (new.status = 'published' AND new.deleted_at IS NULL) AND connection = 'author.articles' AND parent_id IN (SELECT author_id FROM article_authors WHERE article_id = old.id);
  UPDATE connection_counts SET n = n - 1 WHERE old.status = 'published' AND old.deleted_at IS NULL AND NOT (new.status = 'published' AND new.deleted_at IS NULL) AND connection = 'deal.articles' AND parent_id IN (SELECT deal_id FROM article_deals WHERE article_id = old.id);
  UPDATE connection_counts SET n = n - 1 WHERE old.status = 'published' AND old.deleted_at IS NULL AND NOT (new.status = 'published' AND new.deleted_at IS NULL) AND connection = 'equipment.articles' AND parent_id IN (SELECT equipment_id FROM article_equipment WHERE article_id = old.id);
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'country.articles', country_id, 1 FROM article_countries WHERE article_id = new.id AND new.status = 'published' AND new.deleted_at IS NULL AND NOT (old.status = 'published' AND old.deleted_at IS NULL) ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'author.articles', author_id, 1 FROM article_authors WHERE article_id = new.id AND new.status = 'published' AND new.deleted_at IS NULL AND NOT (old.status = 'published' AND old.deleted_at IS NULL) ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'deal.articles', deal_id, 1 FROM article_deals WHERE article_id = new.id AND new.status = 'published' AND new.deleted_at IS NULL AND NOT (old.status = 'published' AND old.deleted_at IS NULL) ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
  INSERT INTO connection_counts (connection, parent_id, n) SELECT 'equipment.articles', equipment_id, 1 FROM article_equipment WHERE article_id = new.id AND new.status = 'published' AND new.deleted_at IS NULL AND NOT (old.status = 'published' AND old.deleted_at IS NULL) ON CONFLICT (connection, parent_id) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DELETE FROM connection_counts;
--> statement-breakpoint
INSERT INTO connection_counts (connection, parent_id, n) SELECT 'country.articles' AS connection, l.country_id AS parent_id, count(*) AS n FROM article_countries l JOIN articles a ON a.id = l.article_id WHERE a.status = 'published' AND a.deleted_at IS NULL GROUP BY l.country_id;
--> statement-breakpoint
INSERT INTO connection_counts (connection, parent_id, n) SELECT 'author.articles' AS connection, l.author_id AS parent_id, count(*) AS n FROM article_authors l JOIN articles a ON a.id = l.article_id WHERE a.status = 'published' AND a.deleted_at IS NULL GROUP BY l.author_id;
--> statement-breakpoint
INSERT INTO connection_counts (connection, parent_id, n) SELECT 'deal.articles' AS connection, l.deal_id AS parent_id, count(*) AS n FROM article_deals l JOIN articles a ON a.id = l.article_id WHERE a.status = 'published' AND a.deleted_at IS NULL GROUP BY l.deal_id;
--> statement-breakpoint
INSERT INTO connection_counts (connection, parent_id, n) SELECT 'equipment.articles' AS connection, l.equipment_id AS parent_id, count(*) AS n FROM article_equipment l JOIN articles a ON a.id = l.article_id WHERE a.status = 'published' AND a.deleted_at IS NULL GROUP BY l.equipment_id;
--> statement-breakpoint
INSERT INTO connection_counts (connection, parent_id, n) SELECT 'section.articles' AS connection, a.section_id AS parent_id, count(*) AS n FROM articles a WHERE a.status = 'published' AND a.deleted_at IS NULL AND a.section_id IS NOT NULL GROUP BY a.section_id;
--> statement-breakpoint
INSERT INTO connection_counts (connection, parent_id, n) SELECT 'country.deals' AS connection, l.country_id AS parent_id, count(*) AS n FROM deal_parties l GROUP BY l.country_id;
--> statement-breakpoint
INSERT INTO connection_counts (connection, parent_id, n) SELECT 'equipment.deals' AS connection, l.equipment_id AS parent_id, count(*) AS n FROM deal_equipment l GROUP BY l.equipment_id;
