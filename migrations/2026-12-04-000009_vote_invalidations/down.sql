DROP INDEX votes_round_network_idx;
DROP TABLE vote_invalidations;
