-- Whether a nominator may start one more nomination in an edition, for the creation that is one
-- statement: the nominator's row is locked first, and only then are their live nominations
-- counted, by a statement of its own and so with a fresh snapshot. (A single statement counts
-- with the snapshot it started with, so two creations racing for the last place would both see
-- it free.) Concurrent creations by one nominator queue on the lock; others never meet.
CREATE FUNCTION nomination_slot_free(p_owner uuid, p_edition uuid, p_limit bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM accounts WHERE id = p_owner FOR UPDATE;
    RETURN (SELECT count(*) FROM nominations
            WHERE owner_id = p_owner AND edition_id = p_edition AND status <> 'withdrawn') < p_limit;
END
$$;
