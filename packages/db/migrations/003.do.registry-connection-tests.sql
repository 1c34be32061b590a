-- Reports of connection tests run against an ente's endpoint; approval requires a passing one.

CREATE TABLE connection_test_reports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ente_clave text NOT NULL,
  system text NOT NULL,
  config_version integer NOT NULL,
  passed boolean NOT NULL,
  checks jsonb NOT NULL CONSTRAINT connection_test_reports_checks_array CHECK (jsonb_typeof(checks) = 'array'),
  latency_ms integer CONSTRAINT connection_test_reports_latency_range CHECK (latency_ms >= 0),
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  FOREIGN KEY (ente_clave, system) REFERENCES connections (ente_clave, system) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE INDEX connection_test_reports_by_connection ON connection_test_reports (ente_clave, system, id DESC);
