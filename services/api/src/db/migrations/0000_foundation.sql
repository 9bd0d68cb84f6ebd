CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"search_key" text NOT NULL,
	"kind" text NOT NULL,
	"siren" text,
	"website" text,
	"provenance" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "organisations_siren_format" CHECK ("organisations"."siren" is null or "organisations"."siren" ~ '^[0-9]{9}$')
);
--> statement-breakpoint
CREATE TABLE "campuses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"search_key" text NOT NULL,
	"insee_code" text NOT NULL,
	"commune" text NOT NULL,
	"department_code" text NOT NULL,
	"department_name" text NOT NULL,
	"region_code" text NOT NULL,
	"region_name" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"status" text DEFAULT 'planned' NOT NULL,
	"opening_date" date,
	"yearly_capacity" integer,
	"provenance" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "campuses_status" CHECK ("campuses"."status" in ('planned', 'open', 'closed')),
	CONSTRAINT "campuses_capacity" CHECK ("campuses"."yearly_capacity" is null or "campuses"."yearly_capacity" > 0),
	CONSTRAINT "campuses_coordinates" CHECK (("campuses"."latitude" is null) = ("campuses"."longitude" is null))
);
--> statement-breakpoint
CREATE TABLE "consortium_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campus_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"roles" text[] NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"provenance" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "memberships_period" CHECK ("consortium_memberships"."valid_to" is null or "consortium_memberships"."valid_to" >= "consortium_memberships"."valid_from"),
	CONSTRAINT "memberships_roles" CHECK (cardinality("consortium_memberships"."roles") > 0)
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text NOT NULL,
	"status_code" integer,
	"response_headers" jsonb,
	"response_body" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
ALTER TABLE "consortium_memberships" ADD CONSTRAINT "consortium_memberships_campus_id_campuses_id_fk" FOREIGN KEY ("campus_id") REFERENCES "public"."campuses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consortium_memberships" ADD CONSTRAINT "consortium_memberships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisations_sort_name_idx" ON "organisations" USING btree ("search_key","id");--> statement-breakpoint
CREATE INDEX "organisations_created_at_idx" ON "organisations" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "campuses_sort_name_idx" ON "campuses" USING btree ("search_key","id");--> statement-breakpoint
CREATE INDEX "campuses_created_at_idx" ON "campuses" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "campuses_region_idx" ON "campuses" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "memberships_campus_idx" ON "consortium_memberships" USING btree ("campus_id","valid_from");--> statement-breakpoint
CREATE INDEX "memberships_organisation_idx" ON "consortium_memberships" USING btree ("organisation_id","valid_from");--> statement-breakpoint
CREATE INDEX "idempotency_expires_idx" ON "idempotency_keys" USING btree ("expires_at");