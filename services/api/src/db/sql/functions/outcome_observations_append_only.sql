-- Outcome observations are append-only: a correction is a new row that supersedes an earlier one.
-- The database itself refuses to change or remove a row, whichever path the statement takes.
CREATE OR REPLACE FUNCTION outcome_observations_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'outcome observations are append-only: record a correction that supersedes observation %', OLD.id
    USING ERRCODE = 'P0001', HINT = 'INSERT a new observation with supersedes_id set';
END;
$$;
