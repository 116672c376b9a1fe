CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL,
	`scopes` text NOT NULL,
	`secret_hash` text NOT NULL,
	`local_only` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE TABLE `article_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`article_id` integer NOT NULL,
	`revision` integer NOT NULL,
	`snapshot` text NOT NULL,
	`changed_fields` text NOT NULL,
	`note` text,
	`correction` integer DEFAULT false NOT NULL,
	`editor` text,
	`created_at` integer NOT NULL,
	CONSTRAINT `fk_article_revisions_article_id_articles_id_fk` FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
ALTER TABLE `articles` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `deleted_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `article_revisions_article_id_revision_idx` ON `article_revisions` (`article_id`,`revision`);