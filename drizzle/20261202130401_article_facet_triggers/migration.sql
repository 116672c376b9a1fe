-- The row search reads per hit (src/db/search-facets.ts), written by scripts/facet-triggers.ts:
-- the triggers that keep article_facets exact, then the rows of the articles already here.
CREATE TRIGGER `articles_facets_insert` AFTER INSERT ON `articles` BEGIN
  INSERT OR REPLACE INTO article_facets (article_id, status, published_at, deleted_at, section_id, keys) VALUES (new.id, new.status, new.published_at, new.deleted_at, new.section_id, coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.id)), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `articles_facets_update` AFTER UPDATE OF status, published_at, deleted_at, section_id ON `articles` BEGIN
  UPDATE article_facets SET status = new.status, published_at = new.published_at, deleted_at = new.deleted_at, section_id = new.section_id WHERE article_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_facets_delete` AFTER DELETE ON `articles` BEGIN
  DELETE FROM article_facets WHERE article_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_countries_facets_insert` AFTER INSERT ON `article_countries` BEGIN
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE article_id = new.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_countries_facets_delete` AFTER DELETE ON `article_countries` BEGIN
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE article_id = old.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_countries_facets_update` AFTER UPDATE ON `article_countries` BEGIN
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE article_id = old.article_id;
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE article_id = new.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_equipment_facets_insert` AFTER INSERT ON `article_equipment` BEGIN
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE article_id = new.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_equipment_facets_delete` AFTER DELETE ON `article_equipment` BEGIN
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE article_id = old.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_equipment_facets_update` AFTER UPDATE ON `article_equipment` BEGIN
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE article_id = old.article_id;
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE article_id = new.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_deals_facets_insert` AFTER INSERT ON `article_deals` BEGIN
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE article_id = new.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_deals_facets_delete` AFTER DELETE ON `article_deals` BEGIN
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE article_id = old.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `article_deals_facets_update` AFTER UPDATE ON `article_deals` BEGIN
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = old.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = old.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = old.article_id)), '') WHERE article_id = old.article_id;
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = new.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = new.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = new.article_id)), '') WHERE article_id = new.article_id;
END;
--> statement-breakpoint
CREATE TRIGGER `deals_facets_update` AFTER UPDATE OF kind ON `deals` WHEN old.kind IS NOT new.kind BEGIN
  UPDATE article_facets SET keys = coalesce((SELECT group_concat(k, ' ') FROM (SELECT 'c' || country_id AS k FROM article_countries WHERE article_id = article_facets.article_id UNION SELECT 'e' || equipment_id FROM article_equipment WHERE article_id = article_facets.article_id UNION SELECT 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id WHERE ad.article_id = article_facets.article_id)), '') WHERE article_id IN (SELECT article_id FROM article_deals WHERE deal_id = new.id);
END;
--> statement-breakpoint
DELETE FROM article_facets;
--> statement-breakpoint
INSERT INTO article_facets (article_id, status, published_at, deleted_at, section_id, keys) SELECT a.id AS article_id, a.status AS status, a.published_at AS published_at, a.deleted_at AS deleted_at, a.section_id AS section_id, coalesce(l.keys, '') AS keys FROM articles a INDEXED BY articles_id_status_published_at_deleted_at_section_id_idx LEFT JOIN (SELECT article_id, group_concat(k, ' ') AS keys FROM (SELECT article_id, 'c' || country_id AS k FROM article_countries UNION SELECT article_id, 'e' || equipment_id FROM article_equipment UNION SELECT ad.article_id, 'd' || d.kind FROM article_deals ad JOIN deals d ON d.id = ad.deal_id) GROUP BY article_id) l ON l.article_id = a.id;
