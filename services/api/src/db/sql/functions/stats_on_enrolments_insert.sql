-- Refreshes the statistics of the enrolments inserted (statement trigger `enrolments_stats_insert`).
CREATE OR REPLACE FUNCTION stats_on_enrolments_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh(ARRAY(
    SELECT id FROM new_rows WHERE integration_confirmed_on IS NOT NULL AND exit_date IS NOT NULL
  ));
  RETURN NULL;
END;
$$;
