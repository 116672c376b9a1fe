ALTER TABLE `articles` ADD `source_url` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `source_name` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `wire_credit` text;