-- Appends the facts of `p_ids` to the cubes, counted `p_sign` times (1 or -1). Static statements, so
-- that their plans are kept for the session: one write refreshes one enrolment in a few milliseconds.
CREATE OR REPLACE FUNCTION stats_cube_add(p_ids uuid[], p_sign integer) RETURNS void
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
