CREATE TABLE `article_authors` (
	`article_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	CONSTRAINT `article_authors_pk` PRIMARY KEY(`article_id`, `author_id`),
	CONSTRAINT `fk_article_authors_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_article_authors_author_id_authors_id_fk` FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `article_countries` (
	`article_id` integer NOT NULL,
	`country_id` integer NOT NULL,
	CONSTRAINT `article_countries_pk` PRIMARY KEY(`article_id`, `country_id`),
	CONSTRAINT `fk_article_countries_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_article_countries_country_id_countries_id_fk` FOREIGN KEY (`country_id`) REFERENCES `countries`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `article_deals` (
	`article_id` integer NOT NULL,
	`deal_id` integer NOT NULL,
	CONSTRAINT `article_deals_pk` PRIMARY KEY(`article_id`, `deal_id`),
	CONSTRAINT `fk_article_deals_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_article_deals_deal_id_deals_id_fk` FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `article_equipment` (
	`article_id` integer NOT NULL,
	`equipment_id` integer NOT NULL,
	CONSTRAINT `article_equipment_pk` PRIMARY KEY(`article_id`, `equipment_id`),
	CONSTRAINT `fk_article_equipment_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_article_equipment_equipment_id_equipment_id_fk` FOREIGN KEY (`equipment_id`) REFERENCES `equipment`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`title` text NOT NULL,
	`dek` text,
	`body` text NOT NULL,
	`body_html` text NOT NULL,
	`word_count` integer NOT NULL,
	`status` text DEFAULT 'published' NOT NULL,
	`published_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`section_id` integer,
	`image_url` text,
	`image_caption` text,
	`image_credit` text,
	`source_attribution` text,
	CONSTRAINT `fk_articles_section_id_sections_id_fk` FOREIGN KEY (`section_id`) REFERENCES `sections`(`id`)
);
--> statement-breakpoint
CREATE TABLE `authors` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `countries` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`code` text NOT NULL UNIQUE,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `deal_equipment` (
	`deal_id` integer NOT NULL,
	`equipment_id` integer NOT NULL,
	CONSTRAINT `deal_equipment_pk` PRIMARY KEY(`deal_id`, `equipment_id`),
	CONSTRAINT `fk_deal_equipment_deal_id_deals_id_fk` FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_deal_equipment_equipment_id_equipment_id_fk` FOREIGN KEY (`equipment_id`) REFERENCES `equipment`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `deal_parties` (
	`deal_id` integer NOT NULL,
	`country_id` integer NOT NULL,
	`role` text NOT NULL,
	CONSTRAINT `deal_parties_pk` PRIMARY KEY(`deal_id`, `country_id`),
	CONSTRAINT `fk_deal_parties_deal_id_deals_id_fk` FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_deal_parties_country_id_countries_id_fk` FOREIGN KEY (`country_id`) REFERENCES `countries`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `deals` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`status` text,
	`announced_on` text,
	`value_amount` real,
	`value_currency` text,
	`value_approximate` integer DEFAULT false NOT NULL,
	`summary` text
);
--> statement-breakpoint
CREATE TABLE `equipment` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`origin_country_id` integer,
	`caliber_mm` real,
	`rate_of_fire_per_minute` integer,
	`range_km` real,
	CONSTRAINT `fk_equipment_origin_country_id_countries_id_fk` FOREIGN KEY (`origin_country_id`) REFERENCES `countries`(`id`)
);
--> statement-breakpoint
CREATE TABLE `equipment_operators` (
	`equipment_id` integer NOT NULL,
	`country_id` integer NOT NULL,
	CONSTRAINT `equipment_operators_pk` PRIMARY KEY(`equipment_id`, `country_id`),
	CONSTRAINT `fk_equipment_operators_equipment_id_equipment_id_fk` FOREIGN KEY (`equipment_id`) REFERENCES `equipment`(`id`) ON DELETE CASCADE,
	CONSTRAINT `fk_equipment_operators_country_id_countries_id_fk` FOREIGN KEY (`country_id`) REFERENCES `countries`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE `sections` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`slug` text NOT NULL UNIQUE,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `article_authors_author_id_article_id_idx` ON `article_authors` (`author_id`,`article_id`);--> statement-breakpoint
CREATE INDEX `article_countries_country_id_article_id_idx` ON `article_countries` (`country_id`,`article_id`);--> statement-breakpoint
CREATE INDEX `article_deals_deal_id_article_id_idx` ON `article_deals` (`deal_id`,`article_id`);--> statement-breakpoint
CREATE INDEX `article_equipment_equipment_id_article_id_idx` ON `article_equipment` (`equipment_id`,`article_id`);--> statement-breakpoint
CREATE INDEX `articles_status_published_at_id_idx` ON `articles` (`status`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_section_id_published_at_id_idx` ON `articles` (`section_id`,`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `deal_equipment_equipment_id_deal_id_idx` ON `deal_equipment` (`equipment_id`,`deal_id`);--> statement-breakpoint
CREATE INDEX `deal_parties_country_id_role_deal_id_idx` ON `deal_parties` (`country_id`,`role`,`deal_id`);--> statement-breakpoint
CREATE INDEX `deals_kind_id_idx` ON `deals` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `equipment_kind_id_idx` ON `equipment` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `equipment_origin_country_id_id_idx` ON `equipment` (`origin_country_id`,`id`);--> statement-breakpoint
CREATE INDEX `equipment_operators_country_id_equipment_id_idx` ON `equipment_operators` (`country_id`,`equipment_id`);