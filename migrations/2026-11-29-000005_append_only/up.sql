-- The audit log and the published snapshots are append-only: no role the application connects
-- with can change or remove a row (a correction is a new row). Enforced by the database, so a
-- bug or an injected statement in the application cannot rewrite history.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER results_snapshots_append_only BEFORE UPDATE OR DELETE ON results_snapshots
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
