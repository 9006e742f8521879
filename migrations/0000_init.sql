CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_keyHash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_org` ON `api_keys` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dev_mail` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text,
	`to` text NOT NULL,
	`from` text,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text,
	`headers` text NOT NULL,
	`outreach_id` text,
	`sent_at` text NOT NULL,
	`seq` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` text,
	`expires_at` text NOT NULL,
	`accepted_at` text,
	`revoked_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_tokenHash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_org_email` ON `invitations` (`org_id`,`email`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `memberships_user` ON `memberships` (`user_id`);--> statement-breakpoint
CREATE TABLE `ops_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`plan_tier` text DEFAULT 'starter' NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`country` text DEFAULT 'US' NOT NULL,
	`base_currency` text DEFAULT 'USD' NOT NULL,
	`sender_name` text,
	`logo_url` text,
	`maintenance` integer DEFAULT false NOT NULL,
	`autopilot_paused` integer DEFAULT false NOT NULL,
	`autopilot_paused_reason` text,
	`referral_code` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`last_seen_at` text,
	`revoked_at` text,
	`user_agent` text,
	`csrf_secret` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_org_user` ON `sessions` (`org_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`purpose` text NOT NULL,
	`org_id` text,
	`payload` text,
	`expires_at` text NOT NULL,
	`used_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`created_at` text NOT NULL,
	`last_sign_in_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`name` text,
	`email` text,
	`phone` text,
	`is_primary` integer DEFAULT false NOT NULL,
	`time_zone` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contacts_org_customer` ON `contacts` (`org_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `contacts_org_email` ON `contacts` (`org_id`,`email`);--> statement-breakpoint
CREATE TABLE `customer_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`author_id` text,
	`body` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customer_notes_org_customer` ON `customer_notes` (`org_id`,`customer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`industry` text,
	`region` text,
	`country` text,
	`score` integer,
	`time_zone` text,
	`locale` text,
	`currency` text,
	`stripe_customer_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_org_external` ON `customers` (`org_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `customers_org_name` ON `customers` (`org_id`,`name`);--> statement-breakpoint
CREATE INDEX `customers_org_stripe` ON `customers` (`org_id`,`stripe_customer_id`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`invoice_number` text NOT NULL,
	`stripe_invoice_id` text,
	`currency` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`balance_minor` integer NOT NULL,
	`issue_date` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`disputed` integer DEFAULT false NOT NULL,
	`source` text DEFAULT 'csv' NOT NULL,
	`stripe_state_at` integer,
	`paid_at` text,
	`last_response_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_org_number` ON `invoices` (`org_id`,`invoice_number`);--> statement-breakpoint
CREATE INDEX `invoices_org_status_due` ON `invoices` (`org_id`,`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `invoices_org_customer` ON `invoices` (`org_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `invoices_org_stripe` ON `invoices` (`org_id`,`stripe_invoice_id`);--> statement-breakpoint
CREATE TABLE `payment_applications` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`payment_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`applied_by` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payment_applications_org_payment` ON `payment_applications` (`org_id`,`payment_id`);--> statement-breakpoint
CREATE INDEX `payment_applications_org_invoice` ON `payment_applications` (`org_id`,`invoice_id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`customer_id` text,
	`invoice_id` text,
	`amount_minor` integer NOT NULL,
	`unapplied_minor` integer DEFAULT 0 NOT NULL,
	`refunded_minor` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`received_at` text NOT NULL,
	`method` text DEFAULT 'card' NOT NULL,
	`reference` text,
	`payer_name` text,
	`status` text DEFAULT 'succeeded' NOT NULL,
	`source` text DEFAULT 'stripe' NOT NULL,
	`stripe_payment_intent_id` text,
	`stripe_charge_id` text,
	`reversed_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payments_org_received` ON `payments` (`org_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `payments_org_invoice` ON `payments` (`org_id`,`invoice_id`);--> statement-breakpoint
CREATE INDEX `payments_org_customer` ON `payments` (`org_id`,`customer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_org_pi` ON `payments` (`org_id`,`stripe_payment_intent_id`) WHERE stripe_payment_intent_id is not null;--> statement-breakpoint
CREATE INDEX `payments_org_charge` ON `payments` (`org_id`,`stripe_charge_id`);--> statement-breakpoint
CREATE INDEX `payments_org_unapplied` ON `payments` (`org_id`,`unapplied_minor`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`actor_label` text,
	`action` text NOT NULL,
	`subject_type` text,
	`subject_id` text,
	`before` text,
	`after` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_org_created` ON `audit_log` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_org_action` ON `audit_log` (`org_id`,`action`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_org_actor` ON `audit_log` (`org_id`,`actor_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_org_subject` ON `audit_log` (`org_id`,`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `connectors` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`account_id` text,
	`credential_expires_at` text,
	`last_event_at` text,
	`last_sync_at` text,
	`last_error` text,
	`last_error_at` text,
	`test_event_sent_at` text,
	`test_event_received_at` text,
	`config` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `connectors_org_kind` ON `connectors` (`org_id`,`kind`);--> statement-breakpoint
CREATE TABLE `daily_metrics` (
	`org_id` text NOT NULL,
	`day` text NOT NULL,
	`currency` text NOT NULL,
	`open_ar_minor` integer NOT NULL,
	`cash_collected_minor` integer NOT NULL,
	`dso_days` integer,
	`invoices_open` integer DEFAULT 0 NOT NULL,
	`sends` integer DEFAULT 0 NOT NULL,
	`bounces` integer DEFAULT 0 NOT NULL,
	`complaints` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `data_ready_snapshots` (
	`org_id` text NOT NULL,
	`day` text NOT NULL,
	`score` integer NOT NULL,
	`status` text NOT NULL,
	`checks` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`org_id` text NOT NULL,
	`key` text NOT NULL,
	`result` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `import_errors` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`import_id` text NOT NULL,
	`row` integer NOT NULL,
	`field` text NOT NULL,
	`message` text NOT NULL,
	`value` text
);
--> statement-breakpoint
CREATE INDEX `import_errors_org_import` ON `import_errors` (`org_id`,`import_id`,`row`);--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`mapping` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`source` text DEFAULT 'csv' NOT NULL,
	`filename` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`rows_total` integer DEFAULT 0 NOT NULL,
	`rows_processed` integer DEFAULT 0 NOT NULL,
	`rows_imported` integer DEFAULT 0 NOT NULL,
	`rows_failed` integer DEFAULT 0 NOT NULL,
	`mapping` text,
	`options` text,
	`error` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`completed_at` text
);
--> statement-breakpoint
CREATE INDEX `imports_org_created` ON `imports` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `stripe_accounts` (
	`account_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stripe_events` (
	`org_id` text NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`account` text,
	`created` integer NOT NULL,
	`livemode` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`payload` text,
	`received_at` text NOT NULL,
	`processed_at` text,
	PRIMARY KEY(`org_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `stripe_events_org_received` ON `stripe_events` (`org_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `webhook_failures` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_failures_created` ON `webhook_failures` (`created_at`);--> statement-breakpoint
CREATE TABLE `approval_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`approval_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`decision` text NOT NULL,
	`comment` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_decisions_org_approval_user` ON `approval_decisions` (`org_id`,`approval_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`invoice_id` text,
	`customer_id` text,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`required_roles` text NOT NULL,
	`approvals_required` integer DEFAULT 1 NOT NULL,
	`requested_by` text,
	`requested_by_label` text,
	`reason` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` text NOT NULL,
	`decided_at` text
);
--> statement-breakpoint
CREATE INDEX `approvals_org_status` ON `approvals` (`org_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `cadence_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`version_id` text NOT NULL,
	`position` integer NOT NULL,
	`offset_days` integer NOT NULL,
	`channel` text DEFAULT 'email' NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cadence_steps_org_version` ON `cadence_steps` (`org_id`,`version_id`,`position`);--> statement-breakpoint
CREATE TABLE `cadence_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`cadence_id` text NOT NULL,
	`version` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`quiet_hours` text,
	`business_days_only` integer DEFAULT false NOT NULL,
	`max_sends_per_day` integer,
	`max_touches_per_contact_week` integer,
	`escalate_after_days` integer DEFAULT 21,
	`discount_cap_percent` integer,
	`credit_cap_minor` integer,
	`approval_threshold_minor` integer,
	`high_approval_threshold_minor` integer,
	`approver_roles` text,
	`promise_max_days` integer DEFAULT 30,
	`plan_max_instalments` integer DEFAULT 6,
	`created_by` text,
	`created_at` text NOT NULL,
	`published_at` text,
	`published_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cadence_versions_org_cadence_version` ON `cadence_versions` (`org_id`,`cadence_id`,`version`);--> statement-breakpoint
CREATE TABLE `cadences` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`tone` text NOT NULL,
	`live_version` integer,
	`archived` integer DEFAULT false NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cadences_org_name` ON `cadences` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`priority` integer DEFAULT 100 NOT NULL,
	`filters` text NOT NULL,
	`cadence_id` text,
	`cadence_version` integer,
	`mode` text DEFAULT 'shadow' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`send_cap_per_day` integer,
	`quiet_hours_override` text,
	`notes` text,
	`autopilot_override_reason` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `segments_org_priority` ON `segments` (`org_id`,`priority`);--> statement-breakpoint
CREATE TABLE `dispute_evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`dispute_id` text NOT NULL,
	`object_key` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`uploaded_by` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dispute_evidence_org_dispute` ON `dispute_evidence` (`org_id`,`dispute_id`);--> statement-breakpoint
CREATE TABLE `dispute_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`dispute_id` text NOT NULL,
	`author_id` text,
	`author_label` text,
	`body` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dispute_notes_org_dispute` ON `dispute_notes` (`org_id`,`dispute_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `disputes` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`reason` text NOT NULL,
	`message` text,
	`status` text DEFAULT 'open' NOT NULL,
	`source` text NOT NULL,
	`stripe_dispute_id` text,
	`sla_due_at` text NOT NULL,
	`resolution` text,
	`credit_minor` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`resolved_at` text
);
--> statement-breakpoint
CREATE INDEX `disputes_org_status` ON `disputes` (`org_id`,`status`,`sla_due_at`);--> statement-breakpoint
CREATE INDEX `disputes_org_invoice` ON `disputes` (`org_id`,`invoice_id`);--> statement-breakpoint
CREATE TABLE `email_events` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`outreach_id` text,
	`invoice_id` text,
	`type` text NOT NULL,
	`email` text,
	`detail` text,
	`provider_event_id` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `email_events_org_type_created` ON `email_events` (`org_id`,`type`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `email_events_org_provider` ON `email_events` (`org_id`,`provider_event_id`);--> statement-breakpoint
CREATE TABLE `outreach` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`contact_id` text,
	`segment_id` text,
	`cadence_version_id` text,
	`step_position` integer,
	`kind` text DEFAULT 'reminder' NOT NULL,
	`dedupe_key` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`to_email` text,
	`subject` text NOT NULL,
	`body_text` text NOT NULL,
	`body_html` text,
	`scheduled_for` text,
	`tick_key` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`provider_message_id` text,
	`approved_by` text,
	`rejected_reason` text,
	`sent_at` text,
	`responded_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outreach_org_dedupe` ON `outreach` (`org_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outreach_org_status` ON `outreach` (`org_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `outreach_org_invoice` ON `outreach` (`org_id`,`invoice_id`);--> statement-breakpoint
CREATE INDEX `outreach_org_contact_sent` ON `outreach` (`org_id`,`to_email`,`sent_at`);--> statement-breakpoint
CREATE TABLE `payment_plan_instalments` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`seq` integer NOT NULL,
	`due_date` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`paid_minor` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payment_plan_instalments_org_plan` ON `payment_plan_instalments` (`org_id`,`plan_id`,`seq`);--> statement-breakpoint
CREATE TABLE `payment_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`status` text NOT NULL,
	`instalment_count` integer NOT NULL,
	`frequency` text NOT NULL,
	`first_date` text NOT NULL,
	`total_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`source` text DEFAULT 'portal' NOT NULL,
	`created_at` text NOT NULL,
	`decided_at` text
);
--> statement-breakpoint
CREATE INDEX `payment_plans_org_invoice` ON `payment_plans` (`org_id`,`invoice_id`);--> statement-breakpoint
CREATE INDEX `payment_plans_org_status` ON `payment_plans` (`org_id`,`status`);--> statement-breakpoint
CREATE TABLE `portal_links` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`created_by` text,
	`expires_at` text NOT NULL,
	`revoked_at` text,
	`last_used_at` text,
	`use_count` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `portal_links_org_customer` ON `portal_links` (`org_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `promises` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`invoice_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`promised_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`source` text NOT NULL,
	`created_by` text,
	`reminder_sent_at` text,
	`created_at` text NOT NULL,
	`resolved_at` text
);
--> statement-breakpoint
CREATE INDEX `promises_org_status_date` ON `promises` (`org_id`,`status`,`promised_date`);--> statement-breakpoint
CREATE INDEX `promises_org_invoice` ON `promises` (`org_id`,`invoice_id`);--> statement-breakpoint
CREATE TABLE `sending_domains` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`domain` text NOT NULL,
	`dkim_selector` text DEFAULT 'plixo' NOT NULL,
	`spf_verified` integer DEFAULT false NOT NULL,
	`dkim_verified` integer DEFAULT false NOT NULL,
	`dmarc_verified` integer DEFAULT false NOT NULL,
	`checked_at` text,
	`warmup_started_at` text,
	`daily_cap` integer DEFAULT 800 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sending_domains_org_domain` ON `sending_domains` (`org_id`,`domain`);--> statement-breakpoint
CREATE TABLE `suppressions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`email` text NOT NULL,
	`reason` text NOT NULL,
	`detail` text,
	`created_by` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suppressions_org_email` ON `suppressions` (`org_id`,`email`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`invoice_id` text,
	`customer_id` text,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`assigned_role` text DEFAULT 'operator' NOT NULL,
	`dedupe_key` text,
	`due_at` text,
	`created_at` text NOT NULL,
	`closed_at` text
);
--> statement-breakpoint
CREATE INDEX `tasks_org_status` ON `tasks` (`org_id`,`status`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_org_dedupe` ON `tasks` (`org_id`,`dedupe_key`);--> statement-breakpoint
CREATE TABLE `tick_runs` (
	`org_id` text NOT NULL,
	`tick_key` text NOT NULL,
	`drafted` integer DEFAULT 0 NOT NULL,
	`queued` integer DEFAULT 0 NOT NULL,
	`skipped` text,
	`queries` integer,
	`started_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tick_runs_org_key` ON `tick_runs` (`org_id`,`tick_key`);