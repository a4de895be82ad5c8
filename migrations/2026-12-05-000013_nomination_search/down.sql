CREATE INDEX nominations_search_idx ON nominations
    USING gin ((title || ' ' || organization || ' ' || summary) gin_trgm_ops);
DROP TABLE nomination_search;
