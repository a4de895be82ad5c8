DROP TABLE nominator_extensions;
DROP TABLE nominations;
DROP SEQUENCE nomination_reference_seq;
