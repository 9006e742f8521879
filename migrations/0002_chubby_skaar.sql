CREATE TABLE `outreach_events` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`outreach_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`actor` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outreach_events_org_outreach` ON `outreach_events` (`org_id`,`outreach_id`,`at`);--> statement-breakpoint
CREATE TABLE `billing_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`org_id` text,
	`outcome` text NOT NULL,
	`created` integer NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `referral_credits` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`referred_org_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referral_credits_referredOrgId_unique` ON `referral_credits` (`referred_org_id`);--> statement-breakpoint
CREATE INDEX `referral_credits_org` ON `referral_credits` (`org_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `dev_mail` ADD `attachments` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `trial_ends_at` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `partner_code` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `billing_customer_id` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `billing_subscription_id` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `billing_status` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `billing_event_created` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_partnerCode_unique` ON `organisations` (`partner_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_billingCustomerId_unique` ON `organisations` (`billing_customer_id`);--> statement-breakpoint
ALTER TABLE `customers` ADD `risk_score` integer;--> statement-breakpoint
ALTER TABLE `customers` ADD `risk_factors` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `risk_scored_at` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `owner_id` text;--> statement-breakpoint
CREATE INDEX `customers_org_owner` ON `customers` (`org_id`,`owner_id`);--> statement-breakpoint
ALTER TABLE `invoices` ADD `erp_ref` text;--> statement-breakpoint
CREATE INDEX `invoices_org_erp` ON `invoices` (`org_id`,`erp_ref`);--> statement-breakpoint
CREATE INDEX `invoices_org_updated` ON `invoices` (`org_id`,`updated_at`);--> statement-breakpoint
ALTER TABLE `payments` ADD `erp_payment_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `payments_org_erp` ON `payments` (`org_id`,`erp_payment_id`) WHERE erp_payment_id is not null;--> statement-breakpoint
ALTER TABLE `connectors` ADD `secret` text;--> statement-breakpoint
ALTER TABLE `connectors` ADD `rows_changed_last_sync` integer;--> statement-breakpoint
ALTER TABLE `connectors` ADD `last_sync_errors` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `connectors` ADD `next_sync_at` text;--> statement-breakpoint
ALTER TABLE `cadence_steps` ADD `attach_statement` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `promises` ADD `channel` text;--> statement-breakpoint
ALTER TABLE `promises` ADD `note` text;