-- Audit of queries to the federated systems (every system, public and privileged): who asked
-- (the OAuth2 client), which system, a keyed hash of the query (HMAC with QUERY_AUDIT_KEY: equal
-- queries are recognisable, their content is not, so no name, RFC or other personal data of the
-- query is kept), when, which entes answered, whether the answer was partial, its latency and how
-- many records it held. Append-only: UPDATE and TRUNCATE fail, and rows leave only through
-- query_audit_purge(), in bounded batches, once older than the retention (QUERY_AUDIT_RETENTION_DAYS).

CREATE TABLE query_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  client_id text NOT NULL CONSTRAINT query_audit_client_length CHECK (length(client_id) <= 200),
  system text NOT NULL CONSTRAINT query_audit_system_shape CHECK (system ~ '^[a-z0-9]{1,8}$'),
  -- `search` or `summary`.
  kind text NOT NULL CONSTRAINT query_audit_kind CHECK (kind IN ('search', 'summary')),
  privileged boolean NOT NULL,
  -- `<key id>:<base64url HMAC-SHA256>` of the normalized query.
  query_hash text NOT NULL CONSTRAINT query_audit_hash_shape CHECK (query_hash ~ '^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43}$'),
  entes_answered text[] NOT NULL,
  partial boolean NOT NULL,
  latency_ms integer NOT NULL CONSTRAINT query_audit_latency_range CHECK (latency_ms >= 0),
  records integer NOT NULL CONSTRAINT query_audit_records_range CHECK (records >= 0),
  -- The HTTP status of the answer (200, 503, …).
  status smallint NOT NULL
);

CREATE INDEX query_audit_by_time ON query_audit (at);
CREATE INDEX query_audit_by_client ON query_audit (client_id, at);

CREATE FUNCTION query_audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('see.query_audit_purging', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'query_audit is append-only: % rejected (old rows leave through query_audit_purge)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER query_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON query_audit
  FOR EACH ROW EXECUTE FUNCTION query_audit_reject_change();

CREATE TRIGGER query_audit_no_truncate BEFORE TRUNCATE ON query_audit
  FOR EACH STATEMENT EXECUTE FUNCTION query_audit_reject_change();

-- Deletes at most `batch_size` (1..10000) rows older than `retention_days` (>= 1); returns how many.
-- Call it again while it returns `batch_size`.
CREATE FUNCTION query_audit_purge(retention_days integer, batch_size integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  removed integer;
BEGIN
  IF retention_days IS NULL OR retention_days < 1 THEN
    RAISE EXCEPTION 'query_audit_purge: retention_days must be at least 1' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF batch_size IS NULL OR batch_size < 1 OR batch_size > 10000 THEN
    RAISE EXCEPTION 'query_audit_purge: batch_size must be between 1 and 10000' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  PERFORM set_config('see.query_audit_purging', 'on', true);
  DELETE FROM query_audit WHERE id IN (
    SELECT id FROM query_audit WHERE at < now() - make_interval(days => retention_days) ORDER BY at LIMIT batch_size
  );
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('see.query_audit_purging', 'off', true);
  RETURN removed;
END
$$;
