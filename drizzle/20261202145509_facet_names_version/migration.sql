CREATE TABLE `facet_names_version` (
	`id` integer PRIMARY KEY,
	`version` text NOT NULL
);
