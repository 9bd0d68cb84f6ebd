CREATE TABLE "follow_up_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"checkpoint" text NOT NULL,
	"code_hash" text NOT NULL,
	"contact" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"answered_at" timestamp (3) with time zone,
	"observation_id" uuid,
	"revoked_at" timestamp (3) with time zone,
	CONSTRAINT "follow_up_invitations_code_hash" UNIQUE("code_hash"),
	CONSTRAINT "follow_up_invitations_checkpoint" CHECK ("follow_up_invitations"."checkpoint" in ('exit', 'm6', 'm12')),
	CONSTRAINT "follow_up_invitations_answer" CHECK (("follow_up_invitations"."answered_at" is null) = ("follow_up_invitations"."observation_id" is null))
);
--> statement-breakpoint
ALTER TABLE "follow_up_invitations" ADD CONSTRAINT "follow_up_invitations_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_up_invitations_enrolment_idx" ON "follow_up_invitations" USING btree ("enrolment_id","checkpoint");