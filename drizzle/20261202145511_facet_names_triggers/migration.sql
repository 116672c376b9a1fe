-- The version of the names search facets show (src/db/facet-names.ts), written by scripts/facet-names.ts.
INSERT INTO `facet_names_version` (`id`, `version`) VALUES (1, lower(hex(randomblob(8))));
--> statement-breakpoint
CREATE TRIGGER `sections_facet_names_insert` AFTER INSERT ON `sections` BEGIN
  UPDATE `facet_names_version` SET `version` = lower(hex(randomblob(8))) WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `sections_facet_names_update` AFTER UPDATE OF `slug`, `name` ON `sections` BEGIN
  UPDATE `facet_names_version` SET `version` = lower(hex(randomblob(8))) WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `sections_facet_names_delete` AFTER DELETE ON `sections` BEGIN
  UPDATE `facet_names_version` SET `version` = lower(hex(randomblob(8))) WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `countries_facet_names_insert` AFTER INSERT ON `countries` BEGIN
  UPDATE `facet_names_version` SET `version` = lower(hex(randomblob(8))) WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `countries_facet_names_update` AFTER UPDATE OF `code`, `name` ON `countries` BEGIN
  UPDATE `facet_names_version` SET `version` = lower(hex(randomblob(8))) WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `countries_facet_names_delete` AFTER DELETE ON `countries` BEGIN
  UPDATE `facet_names_version` SET `version` = lower(hex(randomblob(8))) WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `equipment_facet_names_insert` AFTER INSERT ON `equipment` BEGIN
  UPDATE `facet_names_version` SET `version` = lower(hex(randomblob(8))) WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `equipment_facet_names_update` AFTER UPDATE OF `slug`, `name` ON `equipment` BEGIN
  UPDATE `facet_names_version` SET `version` = lower(hex(randomblob(8))) WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `equipment_facet_names_delete` AFTER DELETE ON `equipment` BEGIN
  UPDATE `facet_names_version` SET `version` = lower(hex(randomblob(8))) WHERE `id` = 1;
END;
