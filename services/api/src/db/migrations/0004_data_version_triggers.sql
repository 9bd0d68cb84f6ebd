-- One counter that every write able to change a statistic bumps, whichever API instance (or SQL
-- session) makes it. Statistics caches compare it before serving.
INSERT INTO data_version (id, version) VALUES (1, 1);
--> statement-breakpoint
CREATE FUNCTION bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1, changed_at = now() WHERE id = 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER campuses_bump_data_version AFTER INSERT OR UPDATE OR DELETE ON campuses
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
--> statement-breakpoint
CREATE TRIGGER cohorts_bump_data_version AFTER INSERT OR UPDATE OR DELETE ON cohorts
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
--> statement-breakpoint
CREATE TRIGGER learners_bump_data_version AFTER INSERT OR UPDATE OR DELETE ON learners
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
--> statement-breakpoint
CREATE TRIGGER enrolments_bump_data_version AFTER INSERT OR UPDATE OR DELETE ON enrolments
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
--> statement-breakpoint
CREATE TRIGGER outcome_observations_bump_data_version AFTER INSERT ON outcome_observations
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
