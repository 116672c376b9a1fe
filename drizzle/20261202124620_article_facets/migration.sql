CREATE TABLE `article_facets` (
	`article_id` integer PRIMARY KEY,
	`keys` text NOT NULL
);
--> statement-breakpoint
DROP INDEX IF EXISTS `articles_id_hidden_idx`;