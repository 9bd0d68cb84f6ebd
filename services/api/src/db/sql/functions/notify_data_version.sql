-- Every change of the data version is announced on the channel `data_version`, with the new version
-- as payload, so that API instances listening there can keep read caches without asking the database
-- on every request. A trigger on the row itself, so that any bump (the record tables' triggers,
-- `bump_data_version()`, or a direct UPDATE) is announced. Notifications are delivered at commit,
-- in commit order; versions are taken under the row's lock, so they arrive increasing.
CREATE OR REPLACE FUNCTION notify_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('data_version', NEW.version::text);
  RETURN NULL;
END;
$$;
