CREATE TABLE `payer_templates` (
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`updated_by` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payer_templates_org_kind` ON `payer_templates` (`org_id`,`kind`);