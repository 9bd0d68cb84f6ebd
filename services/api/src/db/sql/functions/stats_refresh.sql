-- Refreshes the statistics of some enrolments in the writing transaction (`stats_refresh_now`), or,
-- when the transaction set `trajectoires.stats_refresh` to `deferred` (a bulk import), only notes
-- them in `stats_pending` for `stats_drain()` to refresh after the commit. The statistics triggers
-- call it.
CREATE OR REPLACE FUNCTION stats_refresh(p_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN
    RETURN;
  END IF;
  IF current_setting('trajectoires.stats_refresh', true) = 'deferred' THEN
    INSERT INTO stats_pending (enrolment_id) SELECT DISTINCT unnest(p_ids) ON CONFLICT DO NOTHING;
    RETURN;
  END IF;
  PERFORM stats_refresh_now(p_ids);
END;
$$;
