CREATE TABLE "tracks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"search_key" text NOT NULL,
	"hours" integer NOT NULL,
	"components" text[] NOT NULL,
	"rncp_code" text,
	"certification_level" integer,
	"certification_title" text,
	"provenance" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "tracks_hours" CHECK ("tracks"."hours" > 0)
);
--> statement-breakpoint
CREATE TABLE "cohorts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campus_id" uuid NOT NULL,
	"track_id" uuid NOT NULL,
	"name" text NOT NULL,
	"search_key" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"planned_seats" integer NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"jury_date" date,
	"provenance" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cohorts_dates" CHECK ("cohorts"."end_date" >= "cohorts"."start_date"),
	CONSTRAINT "cohorts_seats" CHECK ("cohorts"."planned_seats" > 0),
	CONSTRAINT "cohorts_status" CHECK ("cohorts"."status" in ('planned', 'recruiting', 'in_training', 'completed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "learners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campus_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"birth_year" integer NOT NULL,
	"sex" text NOT NULL,
	"qpv_resident" boolean,
	"qpv_list_version" text,
	"diploma_at_entry" text NOT NULL,
	"months_out_of_school" integer,
	"neet_at_entry" boolean,
	"referrer" text NOT NULL,
	"driving_licence_at_entry" boolean,
	"provenance" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "learners_qpv_version" CHECK ("learners"."qpv_resident" is null or "learners"."qpv_list_version" is not null),
	CONSTRAINT "learners_months" CHECK ("learners"."months_out_of_school" is null or "learners"."months_out_of_school" >= 0)
);
--> statement-breakpoint
CREATE TABLE "enrolment_stage_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"changed_on" date NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"learner_id" uuid NOT NULL,
	"cohort_id" uuid NOT NULL,
	"stage" text DEFAULT 'applied' NOT NULL,
	"applied_on" date NOT NULL,
	"stage_changed_on" date NOT NULL,
	"integration_confirmed_on" date,
	"exit_date" date,
	"exit_reason" text,
	"exclusion_reason" text,
	"certification_obtained" boolean,
	"driving_licence_obtained" boolean,
	"provenance" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "enrolments_exit_after_entry" CHECK ("enrolments"."exit_date" is null or "enrolments"."exit_date" >= "enrolments"."applied_on"),
	CONSTRAINT "enrolments_exclusion" CHECK ("enrolments"."exclusion_reason" is null or "enrolments"."exit_reason" = 'excluded')
);
--> statement-breakpoint
CREATE TABLE "internships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"host_organisation_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"led_to_hire" boolean DEFAULT false NOT NULL,
	"provenance" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "internships_dates" CHECK ("internships"."end_date" >= "internships"."start_date")
);
--> statement-breakpoint
CREATE TABLE "outcome_observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"checkpoint" text NOT NULL,
	"observed_on" date NOT NULL,
	"situation" text NOT NULL,
	"contract_type" text,
	"contract_months" integer,
	"employer_organisation_id" uuid,
	"in_fibre_sector" boolean,
	"source" text NOT NULL,
	"supersedes_id" uuid,
	"provenance" text DEFAULT 'user' NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcomes_checkpoint" CHECK ("outcome_observations"."checkpoint" in ('exit', 'm6', 'm12')),
	CONSTRAINT "outcomes_contract" CHECK ("outcome_observations"."situation" not in ('employed', 'work_study') or "outcome_observations"."contract_type" is not null),
	CONSTRAINT "outcomes_contract_months" CHECK ("outcome_observations"."contract_months" is null or "outcome_observations"."contract_months" > 0)
);
--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_campus_id_campuses_id_fk" FOREIGN KEY ("campus_id") REFERENCES "public"."campuses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learners" ADD CONSTRAINT "learners_campus_id_campuses_id_fk" FOREIGN KEY ("campus_id") REFERENCES "public"."campuses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_stage_changes" ADD CONSTRAINT "enrolment_stage_changes_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_learner_id_learners_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internships" ADD CONSTRAINT "internships_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internships" ADD CONSTRAINT "internships_host_organisation_id_organisations_id_fk" FOREIGN KEY ("host_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_observations" ADD CONSTRAINT "outcome_observations_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_observations" ADD CONSTRAINT "outcome_observations_employer_organisation_id_organisations_id_fk" FOREIGN KEY ("employer_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_observations" ADD CONSTRAINT "outcome_observations_supersedes_id_outcome_observations_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."outcome_observations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tracks_sort_name_idx" ON "tracks" USING btree ("search_key","id");--> statement-breakpoint
CREATE UNIQUE INDEX "cohorts_campus_name_uq" ON "cohorts" USING btree ("campus_id","name");--> statement-breakpoint
CREATE INDEX "cohorts_campus_start_idx" ON "cohorts" USING btree ("campus_id","start_date");--> statement-breakpoint
CREATE INDEX "cohorts_start_idx" ON "cohorts" USING btree ("start_date","id");--> statement-breakpoint
CREATE INDEX "cohorts_track_idx" ON "cohorts" USING btree ("track_id");--> statement-breakpoint
CREATE UNIQUE INDEX "learners_campus_reference_uq" ON "learners" USING btree ("campus_id","reference");--> statement-breakpoint
CREATE INDEX "learners_created_idx" ON "learners" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "enrolment_stage_changes_enrolment_idx" ON "enrolment_stage_changes" USING btree ("enrolment_id","changed_on");--> statement-breakpoint
CREATE INDEX "enrolments_cohort_idx" ON "enrolments" USING btree ("cohort_id","id");--> statement-breakpoint
CREATE INDEX "enrolments_learner_idx" ON "enrolments" USING btree ("learner_id");--> statement-breakpoint
CREATE INDEX "enrolments_exit_idx" ON "enrolments" USING btree ("exit_date");--> statement-breakpoint
CREATE INDEX "internships_enrolment_idx" ON "internships" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "internships_host_idx" ON "internships" USING btree ("host_organisation_id");--> statement-breakpoint
CREATE INDEX "outcomes_enrolment_idx" ON "outcome_observations" USING btree ("enrolment_id","checkpoint","recorded_at");--> statement-breakpoint
CREATE INDEX "outcomes_supersedes_idx" ON "outcome_observations" USING btree ("supersedes_id");