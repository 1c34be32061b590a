-- Append-only audit log of every change to the registry (and to anything else that records here).
-- Snapshots never hold secrets. Rows can be added and read; UPDATE, DELETE and TRUNCATE fail.

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  action text NOT NULL,
  -- No foreign keys: the log must outlive what it describes.
  ente_clave text,
  system text,
  before jsonb,
  after jsonb
);

CREATE INDEX audit_log_by_ente ON audit_log (ente_clave, id);

CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % rejected', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();
