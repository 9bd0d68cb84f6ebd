ALTER TABLE "learners" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "outcome_observations" ADD COLUMN "import_id" uuid;--> statement-breakpoint
CREATE INDEX "learners_import_idx" ON "learners" USING btree ("import_id") WHERE "learners"."import_id" is not null;--> statement-breakpoint
CREATE INDEX "enrolments_import_idx" ON "enrolments" USING btree ("import_id") WHERE "enrolments"."import_id" is not null;--> statement-breakpoint
CREATE INDEX "outcomes_import_idx" ON "outcome_observations" USING btree ("import_id") WHERE "outcome_observations"."import_id" is not null;