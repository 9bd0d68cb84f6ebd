-- One counter that every write able to change a statistic bumps, whichever API instance (or SQL
-- session) makes it; statistics caches compare it before serving. Statement triggers on the record
-- tables and on metric_definitions call it.
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1, changed_at = now() WHERE id = 1;
  RETURN NULL;
END;
$$;
