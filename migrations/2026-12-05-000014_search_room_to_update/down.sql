ALTER TABLE nomination_search SET (fillfactor = 90);
