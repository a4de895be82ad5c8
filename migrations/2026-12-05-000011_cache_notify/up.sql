-- Every web process keeps the session check and the edition context in memory. A change to
-- what they were read from is announced on the channel `wsis_cache` when its transaction
-- commits, whoever makes it (the service, the command line, psql), and every process forgets
-- what the payload names:
--   session:<token hash, hex>   a session revoked, its expiry changed, or deleted
--   account:<id>                an account changed (roles, password, disabled...) or deleted
--   edition:<id>                an edition or one of its categories changed
--   extension:<edition>:<account>  a nominator's personal extension granted, moved or removed
-- A session's `last_seen_at` (touched once a minute) announces nothing.
CREATE FUNCTION notify_cache() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    payload text;
BEGIN
    IF TG_TABLE_NAME = 'sessions' THEN
        payload := 'session:' || encode(OLD.token_hash, 'hex');
    ELSIF TG_TABLE_NAME = 'accounts' THEN
        payload := 'account:' || OLD.id;
    ELSIF TG_TABLE_NAME = 'editions' THEN
        payload := 'edition:' || OLD.id;
    ELSIF TG_TABLE_NAME = 'categories' THEN
        payload := 'edition:' || CASE WHEN TG_OP = 'INSERT' THEN NEW.edition_id ELSE OLD.edition_id END;
    ELSIF TG_TABLE_NAME = 'nominator_extensions' THEN
        payload := CASE WHEN TG_OP = 'INSERT'
            THEN 'extension:' || NEW.edition_id || ':' || NEW.account_id
            ELSE 'extension:' || OLD.edition_id || ':' || OLD.account_id END;
    END IF;
    PERFORM pg_notify('wsis_cache', payload);
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_notify_cache AFTER UPDATE OF revoked_at, expires_at, account_id OR DELETE
    ON sessions FOR EACH ROW EXECUTE FUNCTION notify_cache();
CREATE TRIGGER accounts_notify_cache AFTER UPDATE OR DELETE
    ON accounts FOR EACH ROW EXECUTE FUNCTION notify_cache();
CREATE TRIGGER editions_notify_cache AFTER UPDATE OR DELETE
    ON editions FOR EACH ROW EXECUTE FUNCTION notify_cache();
CREATE TRIGGER categories_notify_cache AFTER INSERT OR UPDATE OR DELETE
    ON categories FOR EACH ROW EXECUTE FUNCTION notify_cache();
CREATE TRIGGER nominator_extensions_notify_cache AFTER INSERT OR UPDATE OR DELETE
    ON nominator_extensions FOR EACH ROW EXECUTE FUNCTION notify_cache();
