ALTER TABLE round_entries RESET (fillfactor);
