-- The monitor of entes: one row per scheduled probe of a connection in production (a token and a
-- one-record count through the system's service). Kept 30 days; uptime, latency percentiles and
-- record-count changes are read from here, never from a live fan-out.

CREATE TABLE ente_probes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ente_clave text NOT NULL,
  system text NOT NULL,
  probed_at timestamptz NOT NULL,
  ok boolean NOT NULL,
  latency_ms integer NOT NULL CONSTRAINT ente_probes_latency_range CHECK (latency_ms >= 0),
  -- The ente's totalRows when it answered; its error code (ENTE_TIMEOUT, …) when it did not.
  total_rows bigint CONSTRAINT ente_probes_total_rows_range CHECK (total_rows >= 0),
  error_code text CONSTRAINT ente_probes_error_code_shape CHECK (error_code ~ '^[A-Z_]{1,64}$'),
  CONSTRAINT ente_probes_outcome CHECK (ok = (error_code IS NULL))
);

CREATE INDEX ente_probes_by_connection ON ente_probes (system, ente_clave, probed_at DESC);
CREATE INDEX ente_probes_by_time ON ente_probes (probed_at);
