-- Bulk imports can leave the statistics refresh of what they wrote until after their commit.
--
-- Every write that can change a statistic refreshes the facts and cubes of its enrolments in its own
-- transaction (migration 0005, `stats_refresh`): that keeps the figures right at every commit, but a
-- bulk import spends about three quarters of its database time there. A transaction that sets
-- `trajectoires.stats_refresh` to `deferred` (transaction-local, `set_config(..., true)`) only notes
-- the enrolments in `stats_pending`, in the same transaction (so they appear with the import or not
-- at all); `stats_drain()` refreshes them later, in one set-based pass. The API drains right after
-- such an import commits, in the background, and before computing any statistic from the facts or
-- cubes, so no statistics answer ever misses a committed write.
CREATE TABLE "stats_pending" (
	"enrolment_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER FUNCTION stats_refresh(uuid[]) RENAME TO stats_refresh_now;
--> statement-breakpoint
CREATE FUNCTION stats_refresh(p_ids uuid[]) RETURNS void
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
--> statement-breakpoint
-- Refreshes every pending enrolment committed so far; returns how many. One drain at a time (an
-- advisory lock held to the end of the transaction): a caller that must see fresh figures waits for
-- a drain in progress rather than skipping the enrolments it holds.
CREATE FUNCTION stats_drain() RETURNS integer
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
