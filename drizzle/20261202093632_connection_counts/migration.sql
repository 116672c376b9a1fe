CREATE TABLE `connection_counts` (
	`connection` text NOT NULL,
	`parent_id` integer NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	CONSTRAINT `connection_counts_pk` PRIMARY KEY(`connection`, `parent_id`)
);
--> statement-breakpoint
CREATE INDEX `deal_parties_country_id_deal_id_idx` ON `deal_parties` (`country_id`,`deal_id`);