DROP INDEX `invoices_org_status_due`;--> statement-breakpoint
CREATE INDEX `invoices_org_status_due` ON `invoices` (`org_id`,`status`,`due_date`,`id`);