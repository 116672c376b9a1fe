DROP INDEX IF EXISTS `equipment_kind_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `equipment_origin_country_id_id_idx`;--> statement-breakpoint
CREATE INDEX `authors_name_id_idx` ON `authors` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `countries_name_id_idx` ON `countries` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `equipment_name_id_idx` ON `equipment` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `equipment_kind_name_id_idx` ON `equipment` (`kind`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `equipment_origin_country_id_name_id_idx` ON `equipment` (`origin_country_id`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `sections_name_id_idx` ON `sections` (`name`,`id`);