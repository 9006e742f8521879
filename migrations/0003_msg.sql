ALTER TABLE `organisations` ADD `display_name` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `reply_to` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `brand_colour` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `catch_up_start` text DEFAULT 'first_past_due' NOT NULL;