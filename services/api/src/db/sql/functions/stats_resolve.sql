-- The observation an enrolment's checkpoint resolves to, as known at `p_as_of`: among the observations
-- of that checkpoint recorded at or before `p_as_of` and not superseded by one recorded at or before
-- it, inside the window [exit + from, exit + to], an informative one first (not `unreachable`), then
-- the nearest to exit + due months, then an open-ended contract, then the longest contract, then the
-- latest recorded, then the greatest id (so that the choice never depends on row order).
-- Read-time statistics (an explicit asOf) and the triggers below (asOf = infinity) both use it.
CREATE OR REPLACE FUNCTION stats_resolve(
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
