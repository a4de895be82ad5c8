DROP TABLE outbox;
DROP TABLE account_tokens;
ALTER TABLE accounts
    DROP CONSTRAINT accounts_language_known,
    DROP COLUMN email_confirmed_at,
    DROP COLUMN language;
