CREATE TABLE `article_facets` (
	`article_id` integer PRIMARY KEY,
	`status` text NOT NULL,
	`published_at` integer NOT NULL,
	`deleted_at` integer,
	`section_id` integer,
	`keys` text NOT NULL
);
--> statement-breakpoint
DROP INDEX IF EXISTS `articles_id_hidden_idx`;