ALTER TABLE `countries` ADD `aliases` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `deals` ADD `aliases` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `equipment` ADD `aliases` text DEFAULT '[]' NOT NULL;