-- Recomputes the facts of some enrolments now: their old contribution leaves the three cubes and the
-- new one enters, in two statements: the facts leaving take their counts out of the cubes in one pass
-- (the DELETE's own rows, aggregated once), and the facts entering add theirs in another (the
-- INSERT's own rows). Same rows, same counts as `stats_cube_add` over `stats_fact_categories`, which
-- stay for `stats_cube_build` and for checks; a bulk import of observations spends most of its
-- database time here. Called by `stats_refresh` and `stats_drain`.
CREATE OR REPLACE FUNCTION stats_refresh_now(p_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN
    RETURN;
  END IF;
  -- Two transactions refreshing one enrolment take turns (see migration 0005); sorted, never deadlocking.
  PERFORM 1 FROM enrolments WHERE id = ANY (p_ids) ORDER BY id FOR NO KEY UPDATE;
  WITH facts AS (
    DELETE FROM stats_facts WHERE enrolment_id = ANY (p_ids) RETURNING *
  ), cats AS (
    -- What `stats_fact_categories` gives for these facts: one row per fact and checkpoint.
    SELECT f.campus_id, f.exit_month,
      CASE f.exit_reason WHEN 'completed' THEN 'completed' WHEN 'excluded' THEN 'excluded' ELSE 'other' END AS reason_class,
      f.sex, coalesce(f.qpv_resident::text, 'unknown') AS qpv, f.diploma_at_entry, f.referrer, k.checkpoint, k.category
    FROM facts f
    CROSS JOIN LATERAL (VALUES ('exit', f.exit_category), ('m6', f.m6_category), ('m12', f.m12_category))
      AS k(checkpoint, category)
  ), n AS (
    INSERT INTO stats_cube_network (checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
    SELECT checkpoint, exit_month,
      (-count(*) filter (where reason_class = 'completed'))::int,
      (-count(*) filter (where reason_class = 'other'))::int,
      (-count(*) filter (where reason_class = 'excluded'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'employed_lasting'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'employed_other'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'work_study'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'qualifying_training'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'job_seeking'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'inactive'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'unknown'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'employed_lasting'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'employed_other'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'work_study'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'qualifying_training'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'job_seeking'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'inactive'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'unknown'))::int
    FROM cats GROUP BY 1, 2
    RETURNING 1
  ), c AS (
    INSERT INTO stats_cube_campus (campus_id, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
    SELECT campus_id, checkpoint, exit_month,
      (-count(*) filter (where reason_class = 'completed'))::int,
      (-count(*) filter (where reason_class = 'other'))::int,
      (-count(*) filter (where reason_class = 'excluded'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'employed_lasting'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'employed_other'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'work_study'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'qualifying_training'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'job_seeking'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'inactive'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'unknown'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'employed_lasting'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'employed_other'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'work_study'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'qualifying_training'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'job_seeking'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'inactive'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'unknown'))::int
    FROM cats GROUP BY 1, 2, 3
    RETURNING 1
  )
  INSERT INTO stats_cube_demography (sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
    SELECT sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month,
      (-count(*) filter (where reason_class = 'completed'))::int,
      (-count(*) filter (where reason_class = 'other'))::int,
      (-count(*) filter (where reason_class = 'excluded'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'employed_lasting'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'employed_other'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'work_study'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'qualifying_training'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'job_seeking'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'inactive'))::int,
      (-count(*) filter (where reason_class = 'completed' and category = 'unknown'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'employed_lasting'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'employed_other'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'work_study'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'qualifying_training'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'job_seeking'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'inactive'))::int,
      (-count(*) filter (where reason_class = 'other' and category = 'unknown'))::int
    FROM cats GROUP BY 1, 2, 3, 4, 5, 6;
  WITH facts AS (
    INSERT INTO stats_facts (enrolment_id, cohort_id, campus_id, exit_date, exit_month, exit_reason, sex, qpv_resident, diploma_at_entry, referrer,
      exit_due, exit_observation_id, exit_situation, exit_contract_type, exit_contract_months, exit_category,
      m6_due, m6_observation_id, m6_situation, m6_contract_type, m6_contract_months, m6_category,
      m12_due, m12_observation_id, m12_situation, m12_contract_type, m12_contract_months, m12_category)
    SELECT enrolment_id, cohort_id, campus_id, exit_date, exit_month, exit_reason, sex, qpv_resident, diploma_at_entry, referrer,
      exit_due, exit_observation_id, exit_situation, exit_contract_type, exit_contract_months, exit_category,
      m6_due, m6_observation_id, m6_situation, m6_contract_type, m6_contract_months, m6_category,
      m12_due, m12_observation_id, m12_situation, m12_contract_type, m12_contract_months, m12_category
    FROM stats_facts_source WHERE enrolment_id = ANY (p_ids)
    RETURNING *
  ), cats AS (
    -- What `stats_fact_categories` gives for these facts: one row per fact and checkpoint.
    SELECT f.campus_id, f.exit_month,
      CASE f.exit_reason WHEN 'completed' THEN 'completed' WHEN 'excluded' THEN 'excluded' ELSE 'other' END AS reason_class,
      f.sex, coalesce(f.qpv_resident::text, 'unknown') AS qpv, f.diploma_at_entry, f.referrer, k.checkpoint, k.category
    FROM facts f
    CROSS JOIN LATERAL (VALUES ('exit', f.exit_category), ('m6', f.m6_category), ('m12', f.m12_category))
      AS k(checkpoint, category)
  ), n AS (
    INSERT INTO stats_cube_network (checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
    SELECT checkpoint, exit_month,
      (count(*) filter (where reason_class = 'completed'))::int,
      (count(*) filter (where reason_class = 'other'))::int,
      (count(*) filter (where reason_class = 'excluded'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_lasting'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_other'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'work_study'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'qualifying_training'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'job_seeking'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'inactive'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'unknown'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_lasting'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_other'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'work_study'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'qualifying_training'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'job_seeking'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'inactive'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'unknown'))::int
    FROM cats GROUP BY 1, 2
    RETURNING 1
  ), c AS (
    INSERT INTO stats_cube_campus (campus_id, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
    SELECT campus_id, checkpoint, exit_month,
      (count(*) filter (where reason_class = 'completed'))::int,
      (count(*) filter (where reason_class = 'other'))::int,
      (count(*) filter (where reason_class = 'excluded'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_lasting'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_other'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'work_study'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'qualifying_training'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'job_seeking'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'inactive'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'unknown'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_lasting'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_other'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'work_study'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'qualifying_training'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'job_seeking'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'inactive'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'unknown'))::int
    FROM cats GROUP BY 1, 2, 3
    RETURNING 1
  )
  INSERT INTO stats_cube_demography (sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
    SELECT sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month,
      (count(*) filter (where reason_class = 'completed'))::int,
      (count(*) filter (where reason_class = 'other'))::int,
      (count(*) filter (where reason_class = 'excluded'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_lasting'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_other'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'work_study'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'qualifying_training'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'job_seeking'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'inactive'))::int,
      (count(*) filter (where reason_class = 'completed' and category = 'unknown'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_lasting'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'employed_other'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'work_study'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'qualifying_training'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'job_seeking'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'inactive'))::int,
      (count(*) filter (where reason_class = 'other' and category = 'unknown'))::int
    FROM cats GROUP BY 1, 2, 3, 4, 5, 6;
END;
$$;
