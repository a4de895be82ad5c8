DROP TRIGGER nominator_extensions_notify_cache ON nominator_extensions;
DROP TRIGGER categories_notify_cache ON categories;
DROP TRIGGER editions_notify_cache ON editions;
DROP TRIGGER accounts_notify_cache ON accounts;
DROP TRIGGER sessions_notify_cache ON sessions;
DROP FUNCTION notify_cache();
