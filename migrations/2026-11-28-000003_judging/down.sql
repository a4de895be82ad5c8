DROP TABLE scores;
DROP TABLE conflicts;
DROP TABLE assignments;
DROP TABLE round_entries;
DROP TABLE round_panel;
DROP TABLE rounds;
