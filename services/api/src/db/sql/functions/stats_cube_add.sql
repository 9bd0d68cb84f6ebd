-- Appends the facts of `p_ids` (null: every fact) to the cubes, counted `p_sign` times (1 or -1): the
-- cells of the three cubes are counted in one pass (one grouping set a cube; `GROUPING(campus_id, sex)`
-- tells them apart: 3 network, 1 campus, 2 demography), then each cube takes its own. A static
-- statement, so that its plan is kept for the session. `stats_cube_build` calls it for every fact.
CREATE OR REPLACE FUNCTION stats_cube_add(p_ids uuid[], p_sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH cells AS MATERIALIZED (
    SELECT GROUPING(campus_id, sex) AS cube, campus_id, sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month,
      (count(*) filter (where reason_class = 'completed') * p_sign)::int AS completed_n,
      (count(*) filter (where reason_class = 'other') * p_sign)::int AS other_n,
      (count(*) filter (where reason_class = 'excluded') * p_sign)::int AS excluded_n,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_lasting') * p_sign)::int AS completed_employed_lasting,
      (count(*) filter (where reason_class = 'completed' and category = 'employed_other') * p_sign)::int AS completed_employed_other,
      (count(*) filter (where reason_class = 'completed' and category = 'work_study') * p_sign)::int AS completed_work_study,
      (count(*) filter (where reason_class = 'completed' and category = 'qualifying_training') * p_sign)::int AS completed_qualifying_training,
      (count(*) filter (where reason_class = 'completed' and category = 'job_seeking') * p_sign)::int AS completed_job_seeking,
      (count(*) filter (where reason_class = 'completed' and category = 'inactive') * p_sign)::int AS completed_inactive,
      (count(*) filter (where reason_class = 'completed' and category = 'unknown') * p_sign)::int AS completed_unknown,
      (count(*) filter (where reason_class = 'other' and category = 'employed_lasting') * p_sign)::int AS other_employed_lasting,
      (count(*) filter (where reason_class = 'other' and category = 'employed_other') * p_sign)::int AS other_employed_other,
      (count(*) filter (where reason_class = 'other' and category = 'work_study') * p_sign)::int AS other_work_study,
      (count(*) filter (where reason_class = 'other' and category = 'qualifying_training') * p_sign)::int AS other_qualifying_training,
      (count(*) filter (where reason_class = 'other' and category = 'job_seeking') * p_sign)::int AS other_job_seeking,
      (count(*) filter (where reason_class = 'other' and category = 'inactive') * p_sign)::int AS other_inactive,
      (count(*) filter (where reason_class = 'other' and category = 'unknown') * p_sign)::int AS other_unknown
    FROM stats_fact_categories WHERE p_ids IS NULL OR enrolment_id = ANY (p_ids)
    GROUP BY GROUPING SETS ((checkpoint, exit_month), (campus_id, checkpoint, exit_month),
      (sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month))
  ), network AS (
    INSERT INTO stats_cube_network (checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
    SELECT checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown FROM cells WHERE cube = 3
  ), campus AS (
    INSERT INTO stats_cube_campus (campus_id, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
    SELECT campus_id, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown FROM cells WHERE cube = 1
  )
  INSERT INTO stats_cube_demography (sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
  SELECT sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown FROM cells WHERE cube = 2;
END;
$$;
