-- Refreshes every pending enrolment committed so far; returns how many. One drain at a time (an
-- advisory lock held to the end of the transaction): a caller that must see fresh figures waits for
-- a drain in progress rather than skipping the enrolments it holds.
CREATE OR REPLACE FUNCTION stats_drain() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('trajectoires.stats_drain', 0));
  WITH drained AS (
    DELETE FROM stats_pending RETURNING enrolment_id
  )
  SELECT array_agg(enrolment_id) INTO ids FROM drained;
  PERFORM stats_refresh_now(ids);
  RETURN coalesce(cardinality(ids), 0);
END;
$$;
