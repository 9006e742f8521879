ALTER TABLE `dispute_evidence` ADD `slot` text;--> statement-breakpoint
ALTER TABLE `disputes` ADD `sla_paused_at` text;--> statement-breakpoint
ALTER TABLE `disputes` ADD `first_response_at` text;--> statement-breakpoint
ALTER TABLE `disputes` ADD `reopen_count` integer DEFAULT 0 NOT NULL;