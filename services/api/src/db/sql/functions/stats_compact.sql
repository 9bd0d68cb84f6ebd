-- Folds the delta rows of each cube key into one row (and drops keys that sum to nobody). Safe while
-- writers append: a delta committed meanwhile is not seen by the DELETE and stays for the next time.
CREATE OR REPLACE FUNCTION stats_compact() RETURNS integer
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
