-- Recomputes the facts of some enrolments now, and touches only what changed: the new facts are
-- computed (`stats_facts_source`) and compared with the stored ones, row for row; an unchanged fact is
-- left alone, a changed one is updated in place (the same row: when its indexed columns, cohort,
-- campus and exit date, keep their values, PostgreSQL updates it without touching the indexes, a HOT
-- update, for which `stats_facts` leaves a third of each page free, migration 0012), a new one inserted,
-- one whose enrolment left the population deleted. The cubes get one signed delta per cell that
-- changed: the old contribution of each changed fact counted -1 and the new +1 per checkpoint, summed
-- per cell, and cells where they cancel out (a checkpoint whose category stayed, a fact whose other
-- columns changed) get no row. Same counts as taking every old fact out with `stats_cube_add(ids, -1)`
-- and adding every new one back (`stats_refresh.test.ts` holds them to it). JIT off: the estimates
-- for these statements over thousands of ids run into the billions of rows, and on a drain of 50,000
-- enrolments PostgreSQL spent 3.8 s compiling them, more than the refresh's own work
-- (docs/benchmarks.md). Called by `stats_refresh` and `stats_drain`.
CREATE OR REPLACE FUNCTION stats_refresh_now(p_ids uuid[]) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN
    RETURN;
  END IF;
  -- Two transactions refreshing one enrolment take turns (see migration 0005); sorted, never deadlocking.
  PERFORM 1 FROM enrolments WHERE id = ANY (p_ids) ORDER BY id FOR NO KEY UPDATE;
  WITH old AS MATERIALIZED (
    SELECT * FROM stats_facts WHERE enrolment_id = ANY (p_ids)
  ), new AS MATERIALIZED (
    SELECT * FROM stats_facts_source WHERE enrolment_id = ANY (p_ids)
  ), changed AS MATERIALIZED (
    -- The enrolments whose fact differs in any column: old_id is null for a new fact, new_id for one that goes.
    SELECT o.enrolment_id AS old_id, n.enrolment_id AS new_id
    FROM old o FULL JOIN new n ON n.enrolment_id = o.enrolment_id
    WHERE ROW(o.*) IS DISTINCT FROM ROW(n.*)
  ), gone AS (
    DELETE FROM stats_facts f USING changed c WHERE c.new_id IS NULL AND f.enrolment_id = c.old_id
  ), updated AS (
    UPDATE stats_facts f SET (cohort_id, campus_id, exit_date, exit_month, exit_reason, sex, qpv_resident, diploma_at_entry,
      referrer, exit_due, exit_observation_id, exit_situation, exit_contract_type, exit_contract_months,
      exit_category, m6_due, m6_observation_id, m6_situation, m6_contract_type, m6_contract_months,
      m6_category, m12_due, m12_observation_id, m12_situation, m12_contract_type, m12_contract_months,
      m12_category)
      = (n.cohort_id, n.campus_id, n.exit_date, n.exit_month, n.exit_reason, n.sex, n.qpv_resident,
      n.diploma_at_entry, n.referrer, n.exit_due, n.exit_observation_id, n.exit_situation,
      n.exit_contract_type, n.exit_contract_months, n.exit_category, n.m6_due, n.m6_observation_id,
      n.m6_situation, n.m6_contract_type, n.m6_contract_months, n.m6_category, n.m12_due,
      n.m12_observation_id, n.m12_situation, n.m12_contract_type, n.m12_contract_months, n.m12_category)
    FROM changed c JOIN new n ON n.enrolment_id = c.new_id
    WHERE c.old_id IS NOT NULL AND f.enrolment_id = c.old_id
  ), added AS (
    INSERT INTO stats_facts (enrolment_id, cohort_id, campus_id, exit_date, exit_month, exit_reason, sex, qpv_resident,
      diploma_at_entry, referrer, exit_due, exit_observation_id, exit_situation, exit_contract_type,
      exit_contract_months, exit_category, m6_due, m6_observation_id, m6_situation, m6_contract_type,
      m6_contract_months, m6_category, m12_due, m12_observation_id, m12_situation, m12_contract_type,
      m12_contract_months, m12_category)
    SELECT n.* FROM changed c JOIN new n ON n.enrolment_id = c.new_id WHERE c.old_id IS NULL
  ), facts AS (
    SELECT -1 AS sign, o.* FROM changed c JOIN old o ON o.enrolment_id = c.old_id
    UNION ALL
    SELECT 1, n.* FROM changed c JOIN new n ON n.enrolment_id = c.new_id
  ), delta AS MATERIALIZED (
    -- What `stats_fact_categories` counts, signed and summed per cell and category: a checkpoint whose
    -- cell and category did not change sums to 0 and is dropped here.
    SELECT f.campus_id, f.exit_month,
      CASE f.exit_reason WHEN 'completed' THEN 'completed' WHEN 'excluded' THEN 'excluded' ELSE 'other' END AS reason_class,
      f.sex, coalesce(f.qpv_resident::text, 'unknown') AS qpv, f.diploma_at_entry, f.referrer, k.checkpoint, k.category,
      sum(f.sign) AS d
    FROM facts f
    CROSS JOIN LATERAL (VALUES ('exit', f.exit_category), ('m6', f.m6_category), ('m12', f.m12_category))
      AS k(checkpoint, category)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    HAVING sum(f.sign) <> 0
  ), cells AS MATERIALIZED (
    -- The changed cells of the three cubes in one pass, one grouping set a cube (`GROUPING(campus_id,
    -- sex)`: 3 network, 1 campus, 2 demography); a cell whose changes cancel out (a fact moving within
    -- it) gets no row.
    SELECT * FROM (
      SELECT GROUPING(campus_id, sex) AS cube, campus_id, sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month,
        coalesce(sum(d) filter (where reason_class = 'completed'), 0)::int AS completed_n,
        coalesce(sum(d) filter (where reason_class = 'other'), 0)::int AS other_n,
        coalesce(sum(d) filter (where reason_class = 'excluded'), 0)::int AS excluded_n,
        coalesce(sum(d) filter (where reason_class = 'completed' and category = 'employed_lasting'), 0)::int AS completed_employed_lasting,
        coalesce(sum(d) filter (where reason_class = 'completed' and category = 'employed_other'), 0)::int AS completed_employed_other,
        coalesce(sum(d) filter (where reason_class = 'completed' and category = 'work_study'), 0)::int AS completed_work_study,
        coalesce(sum(d) filter (where reason_class = 'completed' and category = 'qualifying_training'), 0)::int AS completed_qualifying_training,
        coalesce(sum(d) filter (where reason_class = 'completed' and category = 'job_seeking'), 0)::int AS completed_job_seeking,
        coalesce(sum(d) filter (where reason_class = 'completed' and category = 'inactive'), 0)::int AS completed_inactive,
        coalesce(sum(d) filter (where reason_class = 'completed' and category = 'unknown'), 0)::int AS completed_unknown,
        coalesce(sum(d) filter (where reason_class = 'other' and category = 'employed_lasting'), 0)::int AS other_employed_lasting,
        coalesce(sum(d) filter (where reason_class = 'other' and category = 'employed_other'), 0)::int AS other_employed_other,
        coalesce(sum(d) filter (where reason_class = 'other' and category = 'work_study'), 0)::int AS other_work_study,
        coalesce(sum(d) filter (where reason_class = 'other' and category = 'qualifying_training'), 0)::int AS other_qualifying_training,
        coalesce(sum(d) filter (where reason_class = 'other' and category = 'job_seeking'), 0)::int AS other_job_seeking,
        coalesce(sum(d) filter (where reason_class = 'other' and category = 'inactive'), 0)::int AS other_inactive,
        coalesce(sum(d) filter (where reason_class = 'other' and category = 'unknown'), 0)::int AS other_unknown
      FROM delta
      GROUP BY GROUPING SETS ((checkpoint, exit_month), (campus_id, checkpoint, exit_month),
        (sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month))
    ) cell
    WHERE (completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  ), network AS (
    INSERT INTO stats_cube_network (checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
    SELECT checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown FROM cells WHERE cube = 3
    RETURNING 1
  ), campus AS (
    INSERT INTO stats_cube_campus (campus_id, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
    SELECT campus_id, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown FROM cells WHERE cube = 1
    RETURNING 1
  )
  INSERT INTO stats_cube_demography (sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown)
  SELECT sex, qpv, diploma_at_entry, referrer, checkpoint, exit_month, completed_n, other_n, excluded_n, completed_employed_lasting, completed_employed_other, completed_work_study, completed_qualifying_training, completed_job_seeking, completed_inactive, completed_unknown, other_employed_lasting, other_employed_other, other_work_study, other_qualifying_training, other_job_seeking, other_inactive, other_unknown FROM cells WHERE cube = 2;
END;
$$;
