-- IF NOT EXISTS: a development database may have applied this migration before 0010 was numbered ahead of it.
ALTER TABLE "outcome_observations" ADD COLUMN IF NOT EXISTS "situation_started_on" date;
