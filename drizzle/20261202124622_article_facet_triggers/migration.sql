-- Facet keys per article (src/db/search-facets.ts), written by scripts/facet-triggers.ts:
-- the triggers that keep article_facets exact, then the keys of the rows already here.
CREATE TRIGGER `article_countries_facets_insert` AFTER INSERT ON `article_countries` BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT new.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = new.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `article_countries_facets_delete` AFTER DELETE ON `article_countries` BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT old.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = old.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `article_countries_facets_update` AFTER UPDATE ON `article_countries` BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT old.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = old.article_id);
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT new.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = new.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `article_equipment_facets_insert` AFTER INSERT ON `article_equipment` BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT new.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = new.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `article_equipment_facets_delete` AFTER DELETE ON `article_equipment` BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT old.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = old.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `article_equipment_facets_update` AFTER UPDATE ON `article_equipment` BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT old.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = old.article_id);
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT new.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = new.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `article_deals_facets_insert` AFTER INSERT ON `article_deals` BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT new.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = new.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `article_deals_facets_delete` AFTER DELETE ON `article_deals` BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT old.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = old.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `article_deals_facets_update` AFTER UPDATE ON `article_deals` BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT old.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = old.article_id);
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT new.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE EXISTS (SELECT 1 FROM articles WHERE id = new.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `deals_facets_update` AFTER UPDATE OF kind ON `deals` WHEN old.kind IS NOT new.kind BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, keys) SELECT l.article_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = l.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = l.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = l.article_id)), '') FROM article_deals l WHERE l.deal_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_facets_delete` AFTER DELETE ON `articles` BEGIN
  DELETE FROM article_facets WHERE article_id = old.id;
END;
--> statement-breakpoint
DELETE FROM article_facets;
--> statement-breakpoint
INSERT INTO article_facets (article_id, keys) SELECT article_id, group_concat(k, ' ') AS keys FROM (SELECT article_id, 'c' || country_id AS k FROM article_countries UNION SELECT article_id, 'e' || equipment_id FROM article_equipment UNION SELECT ad.article_id, 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id) GROUP BY article_id;
