-- Counts every fact into the (emptied) cubes.
CREATE OR REPLACE FUNCTION stats_cube_build() RETURNS void
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
