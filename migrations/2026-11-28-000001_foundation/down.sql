DROP TABLE audit_log;
DROP TABLE categories;
DROP TABLE editions;
DROP TABLE login_throttle;
DROP TABLE invitations;
DROP TABLE sessions;
DROP TABLE accounts;
