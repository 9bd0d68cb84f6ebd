-- Counts every fact into the (emptied) cubes.
CREATE OR REPLACE FUNCTION stats_cube_build() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_cube_add(NULL, 1);
END;
$$;
