-- Outcome observations are append-only: a correction is a new row that supersedes an earlier one.
-- The database itself refuses to change or remove a row, whichever path the statement takes.
CREATE FUNCTION outcome_observations_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'outcome observations are append-only: record a correction that supersedes observation %', OLD.id
    USING ERRCODE = 'P0001', HINT = 'INSERT a new observation with supersedes_id set';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER outcome_observations_no_update
  BEFORE UPDATE OR DELETE ON outcome_observations
  FOR EACH ROW EXECUTE FUNCTION outcome_observations_append_only();
--> statement-breakpoint
CREATE FUNCTION outcome_observations_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'outcome observations are append-only: TRUNCATE is refused' USING ERRCODE = 'P0001';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER outcome_observations_no_truncate
  BEFORE TRUNCATE ON outcome_observations
  FOR EACH STATEMENT EXECUTE FUNCTION outcome_observations_no_truncate();
