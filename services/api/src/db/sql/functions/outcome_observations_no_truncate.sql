-- Outcome observations are append-only: TRUNCATE is refused too (a BEFORE TRUNCATE trigger).
CREATE OR REPLACE FUNCTION outcome_observations_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'outcome observations are append-only: TRUNCATE is refused' USING ERRCODE = 'P0001';
END;
$$;
