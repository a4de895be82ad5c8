DROP TABLE service_keys;
DROP TABLE altcha_spent;
