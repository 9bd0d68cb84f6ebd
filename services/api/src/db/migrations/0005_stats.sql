CREATE TABLE "stats_cube_campus" (
	"campus_id" uuid NOT NULL,
	"checkpoint" text NOT NULL,
	"exit_month" date NOT NULL,
	"completed_n" integer NOT NULL,
	"other_n" integer NOT NULL,
	"excluded_n" integer NOT NULL,
	"completed_employed_lasting" integer NOT NULL,
	"completed_employed_other" integer NOT NULL,
	"completed_work_study" integer NOT NULL,
	"completed_qualifying_training" integer NOT NULL,
	"completed_job_seeking" integer NOT NULL,
	"completed_inactive" integer NOT NULL,
	"completed_unknown" integer NOT NULL,
	"other_employed_lasting" integer NOT NULL,
	"other_employed_other" integer NOT NULL,
	"other_work_study" integer NOT NULL,
	"other_qualifying_training" integer NOT NULL,
	"other_job_seeking" integer NOT NULL,
	"other_inactive" integer NOT NULL,
	"other_unknown" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_cube_demography" (
	"sex" text NOT NULL,
	"qpv" text NOT NULL,
	"diploma_at_entry" text NOT NULL,
	"referrer" text NOT NULL,
	"checkpoint" text NOT NULL,
	"exit_month" date NOT NULL,
	"completed_n" integer NOT NULL,
	"other_n" integer NOT NULL,
	"excluded_n" integer NOT NULL,
	"completed_employed_lasting" integer NOT NULL,
	"completed_employed_other" integer NOT NULL,
	"completed_work_study" integer NOT NULL,
	"completed_qualifying_training" integer NOT NULL,
	"completed_job_seeking" integer NOT NULL,
	"completed_inactive" integer NOT NULL,
	"completed_unknown" integer NOT NULL,
	"other_employed_lasting" integer NOT NULL,
	"other_employed_other" integer NOT NULL,
	"other_work_study" integer NOT NULL,
	"other_qualifying_training" integer NOT NULL,
	"other_job_seeking" integer NOT NULL,
	"other_inactive" integer NOT NULL,
	"other_unknown" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_cube_network" (
	"checkpoint" text NOT NULL,
	"exit_month" date NOT NULL,
	"completed_n" integer NOT NULL,
	"other_n" integer NOT NULL,
	"excluded_n" integer NOT NULL,
	"completed_employed_lasting" integer NOT NULL,
	"completed_employed_other" integer NOT NULL,
	"completed_work_study" integer NOT NULL,
	"completed_qualifying_training" integer NOT NULL,
	"completed_job_seeking" integer NOT NULL,
	"completed_inactive" integer NOT NULL,
	"completed_unknown" integer NOT NULL,
	"other_employed_lasting" integer NOT NULL,
	"other_employed_other" integer NOT NULL,
	"other_work_study" integer NOT NULL,
	"other_qualifying_training" integer NOT NULL,
	"other_job_seeking" integer NOT NULL,
	"other_inactive" integer NOT NULL,
	"other_unknown" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_facts" (
	"enrolment_id" uuid PRIMARY KEY NOT NULL,
	"cohort_id" uuid NOT NULL,
	"campus_id" uuid NOT NULL,
	"exit_date" date NOT NULL,
	"exit_month" date NOT NULL,
	"exit_reason" text,
	"sex" text NOT NULL,
	"qpv_resident" boolean,
	"diploma_at_entry" text NOT NULL,
	"referrer" text NOT NULL,
	"exit_due" date NOT NULL,
	"exit_observation_id" uuid,
	"exit_situation" text,
	"exit_contract_type" text,
	"exit_contract_months" integer,
	"exit_category" text NOT NULL,
	"m6_due" date NOT NULL,
	"m6_observation_id" uuid,
	"m6_situation" text,
	"m6_contract_type" text,
	"m6_contract_months" integer,
	"m6_category" text NOT NULL,
	"m12_due" date NOT NULL,
	"m12_observation_id" uuid,
	"m12_situation" text,
	"m12_contract_type" text,
	"m12_contract_months" integer,
	"m12_category" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stats_cube_campus_idx" ON "stats_cube_campus" USING btree ("checkpoint","campus_id","exit_month");--> statement-breakpoint
CREATE INDEX "stats_cube_demography_idx" ON "stats_cube_demography" USING btree ("checkpoint","exit_month");--> statement-breakpoint
CREATE INDEX "stats_cube_network_idx" ON "stats_cube_network" USING btree ("checkpoint","exit_month");--> statement-breakpoint
CREATE INDEX "stats_facts_cohort_idx" ON "stats_facts" USING btree ("cohort_id");--> statement-breakpoint
CREATE INDEX "stats_facts_campus_exit_idx" ON "stats_facts" USING btree ("campus_id","exit_date");--> statement-breakpoint
CREATE INDEX "stats_facts_exit_idx" ON "stats_facts" USING btree ("exit_date");--> statement-breakpoint
-- The observation an enrolment's checkpoint resolves to, as known at `p_as_of`: among the observations
-- of that checkpoint recorded at or before `p_as_of` and not superseded by one recorded at or before
-- it, inside the window [exit + from, exit + to], an informative one first (not `unreachable`), then
-- the nearest to exit + due months, then an open-ended contract, then the longest contract, then the
-- latest recorded, then the greatest id (so that the choice never depends on row order).
-- Read-time statistics (an explicit asOf) and the triggers below (asOf = infinity) both use it.
CREATE FUNCTION stats_resolve(
  p_enrolment uuid, p_checkpoint text, p_exit date, p_as_of timestamptz,
  p_due_months integer, p_from_months integer, p_from_days integer, p_to_months integer, p_to_days integer,
  p_uninformative text[], p_open_ended text[]
) RETURNS TABLE (observation_id uuid, situation text, contract_type text, contract_months integer)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT o.id, o.situation, o.contract_type, o.contract_months
  FROM outcome_observations o
  WHERE o.enrolment_id = p_enrolment
    AND o.checkpoint = p_checkpoint
    AND o.recorded_at <= p_as_of
    AND o.observed_on >= (p_exit + make_interval(months => p_from_months, days => p_from_days))::date
    AND o.observed_on <= (p_exit + make_interval(months => p_to_months, days => p_to_days))::date
    AND NOT EXISTS (
      SELECT 1 FROM outcome_observations s WHERE s.supersedes_id = o.id AND s.recorded_at <= p_as_of
    )
  ORDER BY
    (o.situation = ANY (p_uninformative)),
    abs(o.observed_on - (p_exit + make_interval(months => p_due_months))::date),
    coalesce(o.contract_type = ANY (p_open_ended), false) DESC,
    o.contract_months DESC NULLS LAST,
    o.recorded_at DESC,
    o.id DESC
  LIMIT 1
$$;
--> statement-breakpoint
-- Outcome categories of the metric definitions v1 (their `categories` rules, first match wins).
CREATE FUNCTION stats_category_v1(p_situation text, p_contract text, p_months integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p_situation = 'employed' AND p_contract IN ('cdi', 'cdi_interim', 'civil_service') THEN 'employed_lasting'
    WHEN p_situation = 'employed' AND p_contract IN ('cdd', 'temp_agency', 'subsidised') AND p_months >= 6
      THEN 'employed_lasting'
    WHEN p_situation = 'employed' THEN 'employed_other'
    WHEN p_situation IN ('work_study', 'qualifying_training', 'job_seeking', 'inactive') THEN p_situation
    ELSE 'unknown'
  END
$$;
--> statement-breakpoint
-- What `stats_facts` holds for each enrolment of the population, computed from the records now.
CREATE VIEW stats_facts_source AS
SELECT
  e.id AS enrolment_id, e.cohort_id, c.campus_id, e.exit_date, date_trunc('month', e.exit_date)::date AS exit_month,
  e.exit_reason, l.sex, l.qpv_resident, l.diploma_at_entry, l.referrer,
  e.exit_date AS exit_due, r0.observation_id AS exit_observation_id, r0.situation AS exit_situation,
  r0.contract_type AS exit_contract_type, r0.contract_months AS exit_contract_months,
  stats_category_v1(r0.situation, r0.contract_type, r0.contract_months) AS exit_category,
  (e.exit_date + interval '6 months')::date AS m6_due, r6.observation_id AS m6_observation_id,
  r6.situation AS m6_situation, r6.contract_type AS m6_contract_type, r6.contract_months AS m6_contract_months,
  stats_category_v1(r6.situation, r6.contract_type, r6.contract_months) AS m6_category,
  (e.exit_date + interval '12 months')::date AS m12_due, r12.observation_id AS m12_observation_id,
  r12.situation AS m12_situation, r12.contract_type AS m12_contract_type, r12.contract_months AS m12_contract_months,
  stats_category_v1(r12.situation, r12.contract_type, r12.contract_months) AS m12_category
FROM enrolments e
JOIN cohorts c ON c.id = e.cohort_id
JOIN learners l ON l.id = e.learner_id
LEFT JOIN LATERAL stats_resolve(e.id, 'exit', e.exit_date, 'infinity', 0, 0, 0, 0, 45,
  '{unreachable}', '{cdi,cdi_interim,civil_service}') r0 ON true
LEFT JOIN LATERAL stats_resolve(e.id, 'm6', e.exit_date, 'infinity', 6, 4, 0, 8, 0,
  '{unreachable}', '{cdi,cdi_interim,civil_service}') r6 ON true
LEFT JOIN LATERAL stats_resolve(e.id, 'm12', e.exit_date, 'infinity', 12, 10, 0, 14, 0,
  '{unreachable}', '{cdi,cdi_interim,civil_service}') r12 ON true
WHERE e.integration_confirmed_on IS NOT NULL AND e.exit_date IS NOT NULL;
--> statement-breakpoint
-- One row per fact and checkpoint, with its reason class and category: what the cubes count.
CREATE VIEW stats_fact_categories AS
SELECT
  f.enrolment_id, f.campus_id, f.exit_month,
  CASE f.exit_reason WHEN 'completed' THEN 'completed' WHEN 'excluded' THEN 'excluded' ELSE 'other' END AS reason_class,
  f.sex, coalesce(f.qpv_resident::text, 'unknown') AS qpv, f.diploma_at_entry, f.referrer, k.checkpoint, k.category
FROM stats_facts f
CROSS JOIN LATERAL (VALUES ('exit', f.exit_category), ('m6', f.m6_category), ('m12', f.m12_category))
  AS k(checkpoint, category);
--> statement-breakpoint
-- Appends the facts of `p_ids` to the cubes, counted `p_sign` times (1 or -1). Static statements, so
-- that their plans are kept for the session: one write refreshes one enrolment in a few milliseconds.
CREATE FUNCTION stats_cube_add(p_ids uuid[], p_sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_cube_network (checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
  SELECT checkpoint, exit_month,
      (count(*) filter (where reason_class = 'completed') * p_sign)::int,
      (count(*) filter (where reason_class = 'other') * p_sign)::int,
      (count(*) filter (where reason_class = 'excluded') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_lasting') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_other') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'work_study') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'qualifying_training') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'job_seeking') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'inactive') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'unknown') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_lasting') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_other') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'work_study') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'qualifying_training') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'job_seeking') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'inactive') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'unknown') * p_sign)::int
  FROM stats_fact_categories WHERE enrolment_id = ANY (p_ids)
  GROUP BY 1, 2;
  INSERT INTO stats_cube_campus (campus_id, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
  SELECT campus_id, checkpoint, exit_month,
      (count(*) filter (where reason_class = 'completed') * p_sign)::int,
      (count(*) filter (where reason_class = 'other') * p_sign)::int,
      (count(*) filter (where reason_class = 'excluded') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_lasting') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_other') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'work_study') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'qualifying_training') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'job_seeking') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'inactive') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'unknown') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_lasting') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_other') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'work_study') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'qualifying_training') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'job_seeking') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'inactive') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'unknown') * p_sign)::int
  FROM stats_fact_categories WHERE enrolment_id = ANY (p_ids)
  GROUP BY 1, 2, 3;
  INSERT INTO stats_cube_demography (sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
  SELECT sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month,
      (count(*) filter (where reason_class = 'completed') * p_sign)::int,
      (count(*) filter (where reason_class = 'other') * p_sign)::int,
      (count(*) filter (where reason_class = 'excluded') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_lasting') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_other') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'work_study') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'qualifying_training') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'job_seeking') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'inactive') * p_sign)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'unknown') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_lasting') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_other') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'work_study') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'qualifying_training') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'job_seeking') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'inactive') * p_sign)::int,
      (count(*) filter (where reason_class = 'other' and category = 'unknown') * p_sign)::int
  FROM stats_fact_categories WHERE enrolment_id = ANY (p_ids)
  GROUP BY 1, 2, 3, 4, 5, 6;
END;
$$;
--> statement-breakpoint
-- Counts every fact into the (emptied) cubes.
CREATE FUNCTION stats_cube_build() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_cube_network (checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
  SELECT checkpoint, exit_month,
      (count(*) filter (where reason_class = 'completed') * 1)::int,
      (count(*) filter (where reason_class = 'other') * 1)::int,
      (count(*) filter (where reason_class = 'excluded') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_lasting') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_other') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'work_study') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'qualifying_training') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'job_seeking') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'inactive') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'unknown') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_lasting') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_other') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'work_study') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'qualifying_training') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'job_seeking') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'inactive') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'unknown') * 1)::int
  FROM stats_fact_categories
  GROUP BY 1, 2;
  INSERT INTO stats_cube_campus (campus_id, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
  SELECT campus_id, checkpoint, exit_month,
      (count(*) filter (where reason_class = 'completed') * 1)::int,
      (count(*) filter (where reason_class = 'other') * 1)::int,
      (count(*) filter (where reason_class = 'excluded') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_lasting') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_other') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'work_study') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'qualifying_training') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'job_seeking') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'inactive') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'unknown') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_lasting') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_other') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'work_study') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'qualifying_training') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'job_seeking') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'inactive') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'unknown') * 1)::int
  FROM stats_fact_categories
  GROUP BY 1, 2, 3;
  INSERT INTO stats_cube_demography (sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
  SELECT sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month,
      (count(*) filter (where reason_class = 'completed') * 1)::int,
      (count(*) filter (where reason_class = 'other') * 1)::int,
      (count(*) filter (where reason_class = 'excluded') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_lasting') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_other') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'work_study') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'qualifying_training') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'job_seeking') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'inactive') * 1)::int,
      (count(*) filter (where reason_class = 'completed' and category = 'unknown') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_lasting') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_other') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'work_study') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'qualifying_training') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'job_seeking') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'inactive') * 1)::int,
      (count(*) filter (where reason_class = 'other' and category = 'unknown') * 1)::int
  FROM stats_fact_categories
  GROUP BY 1, 2, 3, 4, 5, 6;
END;
$$;
--> statement-breakpoint
-- Recomputes the facts of some enrolments: their old contribution leaves the cubes, the new one enters.
CREATE FUNCTION stats_refresh(p_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN
    RETURN;
  END IF;
  -- Two transactions refreshing one enrolment (two observations recorded at once) take turns: the
  -- second reads the facts the first committed (each statement sees the latest commits in READ
  -- COMMITTED), so no contribution is taken out of the cubes twice. Sorted, so that they never deadlock.
  PERFORM 1 FROM enrolments WHERE id = ANY (p_ids) ORDER BY id FOR NO KEY UPDATE;
  PERFORM stats_cube_add(p_ids, -1);
  DELETE FROM stats_facts WHERE enrolment_id = ANY (p_ids);
  INSERT INTO stats_facts (enrolment_id, cohort_id, campus_id, exit_date, exit_month, exit_reason, sex, qpv_resident, diploma_at_entry, referrer,
    exit_due, exit_observation_id, exit_situation, exit_contract_type, exit_contract_months, exit_category,
    m6_due, m6_observation_id, m6_situation, m6_contract_type, m6_contract_months, m6_category,
    m12_due, m12_observation_id, m12_situation, m12_contract_type, m12_contract_months, m12_category)
  SELECT enrolment_id, cohort_id, campus_id, exit_date, exit_month, exit_reason, sex, qpv_resident, diploma_at_entry, referrer,
    exit_due, exit_observation_id, exit_situation, exit_contract_type, exit_contract_months, exit_category,
    m6_due, m6_observation_id, m6_situation, m6_contract_type, m6_contract_months, m6_category,
    m12_due, m12_observation_id, m12_situation, m12_contract_type, m12_contract_months, m12_category
  FROM stats_facts_source WHERE enrolment_id = ANY (p_ids);
  PERFORM stats_cube_add(p_ids, 1);
END;
$$;
--> statement-breakpoint
-- Recomputes every fact and cube from the records (after a bulk load with triggers off, or to check).
CREATE FUNCTION stats_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE stats_facts, stats_cube_network, stats_cube_campus, stats_cube_demography;
  INSERT INTO stats_facts (enrolment_id, cohort_id, campus_id, exit_date, exit_month, exit_reason, sex, qpv_resident, diploma_at_entry, referrer,
    exit_due, exit_observation_id, exit_situation, exit_contract_type, exit_contract_months, exit_category,
    m6_due, m6_observation_id, m6_situation, m6_contract_type, m6_contract_months, m6_category,
    m12_due, m12_observation_id, m12_situation, m12_contract_type, m12_contract_months, m12_category)
  SELECT enrolment_id, cohort_id, campus_id, exit_date, exit_month, exit_reason, sex, qpv_resident, diploma_at_entry, referrer,
    exit_due, exit_observation_id, exit_situation, exit_contract_type, exit_contract_months, exit_category,
    m6_due, m6_observation_id, m6_situation, m6_contract_type, m6_contract_months, m6_category,
    m12_due, m12_observation_id, m12_situation, m12_contract_type, m12_contract_months, m12_category
  FROM stats_facts_source;
  PERFORM stats_cube_build();
END;
$$;
--> statement-breakpoint
-- Folds the delta rows of each cube key into one row (and drops keys that sum to nobody). Safe while
-- writers append: a delta committed meanwhile is not seen by the DELETE and stays for the next time.
CREATE FUNCTION stats_compact() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown';
  sums constant text := 'sum(completed_n), sum(other_n), sum(excluded_n), sum(completed_employed_lasting), sum(completed_employed_other), sum(completed_work_study), sum(completed_qualifying_training), sum(completed_job_seeking), sum(completed_inactive), sum(completed_unknown), sum(other_employed_lasting), sum(other_employed_other), sum(other_work_study), sum(other_qualifying_training), sum(other_job_seeking), sum(other_inactive), sum(other_unknown)';
  folded integer := 0;
  n integer;
  keys text;
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stats_cube_network', 'stats_cube_campus', 'stats_cube_demography'] LOOP
    keys := CASE t
      WHEN 'stats_cube_network' THEN 'checkpoint, exit_month'
      WHEN 'stats_cube_campus' THEN 'campus_id, checkpoint, exit_month'
      ELSE 'sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month'
    END;
    EXECUTE format(
      'with k as (select %2$s from %1$I group by %2$s having count(*) > 1),'
      || ' d as (delete from %1$I c using k where (%3$s) = (%4$s) returning c.*),'
      || ' i as (insert into %1$I (%2$s, %6$s) select %2$s, %5$s from d group by %2$s'
      || ' having sum(completed_n) + sum(other_n) + sum(excluded_n) <> 0 returning 1)'
      || ' select count(*)::int from d',
      t, keys,
      (SELECT string_agg('c.' || trim(x), ', ') FROM unnest(string_to_array(keys, ',')) x),
      (SELECT string_agg('k.' || trim(x), ', ') FROM unnest(string_to_array(keys, ',')) x),
      sums, cols) INTO n;
    folded := folded + n;
  END LOOP;
  RETURN folded;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_on_enrolments_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(
    SELECT id FROM new_rows WHERE integration_confirmed_on IS NOT NULL AND exit_date IS NOT NULL
  ));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_on_enrolments_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.cohort_id, n.learner_id, n.integration_confirmed_on, n.exit_date, n.exit_reason)
      IS DISTINCT FROM (o.cohort_id, o.learner_id, o.integration_confirmed_on, o.exit_date, o.exit_reason)
  ));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_on_enrolments_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(SELECT o.id FROM old_rows o JOIN stats_facts f ON f.enrolment_id = o.id));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_on_observations_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(
    SELECT DISTINCT n.enrolment_id FROM new_rows n JOIN stats_facts f ON f.enrolment_id = n.enrolment_id
  ));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_on_learners_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(
    SELECT f.enrolment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN enrolments e ON e.learner_id = n.id JOIN stats_facts f ON f.enrolment_id = e.id
    WHERE (n.sex, n.qpv_resident, n.diploma_at_entry, n.referrer)
      IS DISTINCT FROM (o.sex, o.qpv_resident, o.diploma_at_entry, o.referrer)
  ));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION stats_on_cohorts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(
    SELECT f.enrolment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN stats_facts f ON f.cohort_id = n.id
    WHERE n.campus_id IS DISTINCT FROM o.campus_id
  ));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A new metric version changes what the statistics answer: caches key on the data version.
CREATE TRIGGER metric_definitions_bump_data_version AFTER INSERT OR UPDATE OR DELETE ON metric_definitions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
--> statement-breakpoint
CREATE TRIGGER enrolments_stats_insert AFTER INSERT ON enrolments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_on_enrolments_insert();
--> statement-breakpoint
CREATE TRIGGER enrolments_stats_update AFTER UPDATE ON enrolments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_on_enrolments_update();
--> statement-breakpoint
CREATE TRIGGER enrolments_stats_delete AFTER DELETE ON enrolments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_on_enrolments_delete();
--> statement-breakpoint
CREATE TRIGGER outcome_observations_stats_insert AFTER INSERT ON outcome_observations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_on_observations_insert();
--> statement-breakpoint
CREATE TRIGGER learners_stats_update AFTER UPDATE ON learners
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_on_learners_update();
--> statement-breakpoint
CREATE TRIGGER cohorts_stats_update AFTER UPDATE ON cohorts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_on_cohorts_update();
--> statement-breakpoint
-- Metric definitions v1, as data. A new version is a new row; a published version is never changed.
INSERT INTO metric_definitions (id, version, name_fr, name_en, description_fr, description_en, definition, target) VALUES
  ('r_positive', 1, 'Taux de sorties positives', 'Positive exit rate', '(Emploi + alternance + formation qualifiante) ÷ base, au point de suivi : le « 80 % » du réseau, au sens des Écoles de la deuxième chance. Une personne sans observation au point de suivi compte comme non placée.', '(Employed + work-study + qualifying training) ÷ basis at the checkpoint: the network''s “80%”, in the E2C network''s sense. A person with no observation at the checkpoint counts as not placed.', '{"population":{"unit":"enrolment","members":"Enrolments whose integration was confirmed (integrationConfirmedOn set: past the trial period) and that have an exit date; dropouts included.","period":"The exit date: exitYear, or exitFrom/exitTo (inclusive), select members by it."},"bases":{"entrants":{"exitReasons":null,"description":"Every member of the population, whatever the exit reason: the honest default."},"completers":{"exitReasons":["completed"],"description":"Only members whose exit reason is `completed`."}},"defaultBasis":"entrants","excluded":{"exitReasons":["excluded"],"description":"Members whose exit reason is `excluded` (moved away, long illness, deceased, incarcerated) leave both numerator and denominator; they are counted in `excluded`."},"checkpoints":{"exit":{"dueMonths":0,"window":{"from":{"months":0,"days":0},"to":{"months":0,"days":45}}},"m6":{"dueMonths":6,"window":{"from":{"months":4,"days":0},"to":{"months":8,"days":0}}},"m12":{"dueMonths":12,"window":{"from":{"months":10,"days":0},"to":{"months":14,"days":0}}}},"defaultCheckpoint":"m6","observation":{"asOf":"Observations recorded at or before asOf and not superseded by an observation recorded at or before asOf.","window":"observedOn between exit + window.from and exit + window.to (inclusive; calendar months first, then days).","uninformativeSituations":["unreachable"],"openEndedContracts":["cdi","cdi_interim","civil_service"],"order":["informative_first","nearest_to_due_date","open_ended_contract_first","longest_contract_first","latest_recorded_first","greatest_id_first"]},"categories":[{"category":"employed_lasting","situations":["employed"],"contractTypes":["cdi","cdi_interim","civil_service"],"minContractMonths":null},{"category":"employed_lasting","situations":["employed"],"contractTypes":["cdd","temp_agency","subsidised"],"minContractMonths":6},{"category":"employed_other","situations":["employed"],"contractTypes":null,"minContractMonths":null},{"category":"work_study","situations":["work_study"],"contractTypes":null,"minContractMonths":null},{"category":"qualifying_training","situations":["qualifying_training"],"contractTypes":null,"minContractMonths":null},{"category":"job_seeking","situations":["job_seeking"],"contractTypes":null,"minContractMonths":null},{"category":"inactive","situations":["inactive"],"contractTypes":null,"minContractMonths":null},{"category":"unknown","situations":["unreachable"],"contractTypes":null,"minContractMonths":null}],"categoryWithoutObservation":"unknown","numerator":["employed_lasting","employed_other","work_study","qualifying_training"],"removedFromDenominator":[],"unknown":{"categories":["unknown"],"headline":"not_placed","bounds":"allUnknownPlaced counts every unknown person as placed: (numerator + unknown) ÷ denominator."},"interval":{"method":"wilson","confidence":0.95,"z":1.959964},"maturity":{"graceDays":30,"description":"Provisional until every member not excluded is past its checkpoint due date (exit + dueMonths) plus graceDays on the asOf day (UTC); coverage is the share that is."},"suppression":{"appliesTo":"Every caller but network staff.","minDenominator":20,"smallCell":{"min":1,"max":4,"counts":"population"},"complementary":"In every line of a breakdown (each dimension, and each row and column of a two-dimensional one), hidden cells are never alone and never all at a bound: the next smallest cells are hidden too, so that no hidden value can be worked out by subtracting from the total."},"decimals":4}'::jsonb, 0.8),
  ('r_employment', 1, 'Taux d''emploi', 'Employment rate', 'Emploi ÷ (base − alternance − formation qualifiante), au point de suivi, au sens d''InserJeunes. Une personne sans observation reste au dénominateur et compte comme sans emploi.', 'Employed ÷ (basis − work-study − qualifying training) at the checkpoint, InserJeunes style. A person with no observation stays in the denominator and counts as not employed.', '{"population":{"unit":"enrolment","members":"Enrolments whose integration was confirmed (integrationConfirmedOn set: past the trial period) and that have an exit date; dropouts included.","period":"The exit date: exitYear, or exitFrom/exitTo (inclusive), select members by it."},"bases":{"entrants":{"exitReasons":null,"description":"Every member of the population, whatever the exit reason: the honest default."},"completers":{"exitReasons":["completed"],"description":"Only members whose exit reason is `completed`."}},"defaultBasis":"entrants","excluded":{"exitReasons":["excluded"],"description":"Members whose exit reason is `excluded` (moved away, long illness, deceased, incarcerated) leave both numerator and denominator; they are counted in `excluded`."},"checkpoints":{"exit":{"dueMonths":0,"window":{"from":{"months":0,"days":0},"to":{"months":0,"days":45}}},"m6":{"dueMonths":6,"window":{"from":{"months":4,"days":0},"to":{"months":8,"days":0}}},"m12":{"dueMonths":12,"window":{"from":{"months":10,"days":0},"to":{"months":14,"days":0}}}},"defaultCheckpoint":"m6","observation":{"asOf":"Observations recorded at or before asOf and not superseded by an observation recorded at or before asOf.","window":"observedOn between exit + window.from and exit + window.to (inclusive; calendar months first, then days).","uninformativeSituations":["unreachable"],"openEndedContracts":["cdi","cdi_interim","civil_service"],"order":["informative_first","nearest_to_due_date","open_ended_contract_first","longest_contract_first","latest_recorded_first","greatest_id_first"]},"categories":[{"category":"employed_lasting","situations":["employed"],"contractTypes":["cdi","cdi_interim","civil_service"],"minContractMonths":null},{"category":"employed_lasting","situations":["employed"],"contractTypes":["cdd","temp_agency","subsidised"],"minContractMonths":6},{"category":"employed_other","situations":["employed"],"contractTypes":null,"minContractMonths":null},{"category":"work_study","situations":["work_study"],"contractTypes":null,"minContractMonths":null},{"category":"qualifying_training","situations":["qualifying_training"],"contractTypes":null,"minContractMonths":null},{"category":"job_seeking","situations":["job_seeking"],"contractTypes":null,"minContractMonths":null},{"category":"inactive","situations":["inactive"],"contractTypes":null,"minContractMonths":null},{"category":"unknown","situations":["unreachable"],"contractTypes":null,"minContractMonths":null}],"categoryWithoutObservation":"unknown","numerator":["employed_lasting","employed_other"],"removedFromDenominator":["work_study","qualifying_training"],"unknown":{"categories":["unknown"],"headline":"not_placed","bounds":"Unknown people stay in the denominator. allUnknownPlaced counts every unknown person as employed: (numerator + unknown) ÷ denominator; had some of them been in work-study or training they would leave the denominator, which gives a rate between the two bounds."},"interval":{"method":"wilson","confidence":0.95,"z":1.959964},"maturity":{"graceDays":30,"description":"Provisional until every member not excluded is past its checkpoint due date (exit + dueMonths) plus graceDays on the asOf day (UTC); coverage is the share that is."},"suppression":{"appliesTo":"Every caller but network staff.","minDenominator":20,"smallCell":{"min":1,"max":4,"counts":"population"},"complementary":"In every line of a breakdown (each dimension, and each row and column of a two-dimensional one), hidden cells are never alone and never all at a bound: the next smallest cells are hidden too, so that no hidden value can be worked out by subtracting from the total."},"decimals":4}'::jsonb, NULL),
  ('r_lasting', 1, 'Taux d''emploi durable', 'Lasting employment rate', 'CDI, CDI intérimaire, fonction publique, ou CDD, intérim ou contrat aidé de 6 mois ou plus ÷ base, au point de suivi. Un contrat à durée déterminée dont la durée n''est pas connue ne compte pas.', 'Open-ended contract (CDI, CDI intérimaire, civil service), or a fixed-term, temp-agency or subsidised contract of 6 months or more ÷ basis at the checkpoint. A fixed-term contract of unknown length does not count.', '{"population":{"unit":"enrolment","members":"Enrolments whose integration was confirmed (integrationConfirmedOn set: past the trial period) and that have an exit date; dropouts included.","period":"The exit date: exitYear, or exitFrom/exitTo (inclusive), select members by it."},"bases":{"entrants":{"exitReasons":null,"description":"Every member of the population, whatever the exit reason: the honest default."},"completers":{"exitReasons":["completed"],"description":"Only members whose exit reason is `completed`."}},"defaultBasis":"entrants","excluded":{"exitReasons":["excluded"],"description":"Members whose exit reason is `excluded` (moved away, long illness, deceased, incarcerated) leave both numerator and denominator; they are counted in `excluded`."},"checkpoints":{"exit":{"dueMonths":0,"window":{"from":{"months":0,"days":0},"to":{"months":0,"days":45}}},"m6":{"dueMonths":6,"window":{"from":{"months":4,"days":0},"to":{"months":8,"days":0}}},"m12":{"dueMonths":12,"window":{"from":{"months":10,"days":0},"to":{"months":14,"days":0}}}},"defaultCheckpoint":"m6","observation":{"asOf":"Observations recorded at or before asOf and not superseded by an observation recorded at or before asOf.","window":"observedOn between exit + window.from and exit + window.to (inclusive; calendar months first, then days).","uninformativeSituations":["unreachable"],"openEndedContracts":["cdi","cdi_interim","civil_service"],"order":["informative_first","nearest_to_due_date","open_ended_contract_first","longest_contract_first","latest_recorded_first","greatest_id_first"]},"categories":[{"category":"employed_lasting","situations":["employed"],"contractTypes":["cdi","cdi_interim","civil_service"],"minContractMonths":null},{"category":"employed_lasting","situations":["employed"],"contractTypes":["cdd","temp_agency","subsidised"],"minContractMonths":6},{"category":"employed_other","situations":["employed"],"contractTypes":null,"minContractMonths":null},{"category":"work_study","situations":["work_study"],"contractTypes":null,"minContractMonths":null},{"category":"qualifying_training","situations":["qualifying_training"],"contractTypes":null,"minContractMonths":null},{"category":"job_seeking","situations":["job_seeking"],"contractTypes":null,"minContractMonths":null},{"category":"inactive","situations":["inactive"],"contractTypes":null,"minContractMonths":null},{"category":"unknown","situations":["unreachable"],"contractTypes":null,"minContractMonths":null}],"categoryWithoutObservation":"unknown","numerator":["employed_lasting"],"removedFromDenominator":[],"unknown":{"categories":["unknown"],"headline":"not_placed","bounds":"allUnknownPlaced counts every unknown person as in lasting employment: (numerator + unknown) ÷ denominator."},"interval":{"method":"wilson","confidence":0.95,"z":1.959964},"maturity":{"graceDays":30,"description":"Provisional until every member not excluded is past its checkpoint due date (exit + dueMonths) plus graceDays on the asOf day (UTC); coverage is the share that is."},"suppression":{"appliesTo":"Every caller but network staff.","minDenominator":20,"smallCell":{"min":1,"max":4,"counts":"population"},"complementary":"In every line of a breakdown (each dimension, and each row and column of a two-dimensional one), hidden cells are never alone and never all at a bound: the next smallest cells are hidden too, so that no hidden value can be worked out by subtracting from the total."},"decimals":4}'::jsonb, NULL);
--> statement-breakpoint
-- Facts and cubes of the records already there.
SELECT stats_rebuild();
