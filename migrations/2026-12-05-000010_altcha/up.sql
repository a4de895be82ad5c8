-- ALTCHA proof of work. Each solution is accepted once across every web process: a solution
-- is spent by inserting its challenge's signature (the primary key decides among parallel
-- attempts); a spent row is kept until its challenge expires (after which the challenge is
-- refused as expired anyway), then purged by the hourly job of `serve`.
CREATE TABLE altcha_spent (
    signature  text PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX altcha_spent_expires_idx ON altcha_spent (expires_at);

-- Keys the service makes for itself when no setting gives one, shared by every web process on
-- this database (e.g. `altcha`, the HMAC key of ALTCHA challenges when ALTCHA_HMAC_KEY is unset).
-- Made once by whichever process needs it first; never shown or logged.
CREATE TABLE service_keys (
    name       text PRIMARY KEY,
    key        text NOT NULL,
    created_at timestamptz NOT NULL
);
