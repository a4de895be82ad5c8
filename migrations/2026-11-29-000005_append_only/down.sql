DROP TRIGGER results_snapshots_append_only ON results_snapshots;
DROP TRIGGER audit_log_append_only ON audit_log;
DROP FUNCTION refuse_change();
