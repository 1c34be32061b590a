-- Sistema Registral: one connection per ente and system, and the onboarding stage it is in.
-- Credentials are sealed by the application (AES-256-GCM, see packages/registry/src/credentials);
-- the constraint below refuses any credential value that is not a sealed envelope.

CREATE TABLE connections (
  ente_clave text NOT NULL REFERENCES entes (clave) ON UPDATE CASCADE,
  system text NOT NULL CONSTRAINT connections_system_known CHECK (system IN ('s1', 's2', 's3s', 's3p', 's4', 's5', 's6')),
  protocol text NOT NULL CONSTRAINT connections_protocol_known CHECK (protocol IN ('sesna-v1', 'directus-v2')),
  base_url text NOT NULL CONSTRAINT connections_base_url_length CHECK (char_length(base_url) <= 2000),
  token_url text CONSTRAINT connections_token_url_length CHECK (char_length(token_url) <= 2000),
  dependencias_url text CONSTRAINT connections_dependencias_url_length CHECK (char_length(dependencias_url) <= 2000),
  auth_kind text NOT NULL CONSTRAINT connections_auth_kind_known
    CHECK (auth_kind IN ('oauth2-password', 'oauth2-client-credentials', 'static-bearer', 'none')),
  auth_scope text CONSTRAINT connections_auth_scope_length CHECK (char_length(auth_scope) <= 500),
  credentials jsonb NOT NULL DEFAULT '{}'::jsonb CONSTRAINT connections_credentials_sealed CHECK (
    jsonb_typeof(credentials) = 'object'
    AND NOT jsonb_path_exists(credentials, '$.* ? (@.type() != "string" || !(@ like_regex "^enc1:[A-Za-z0-9_-]{1,32}:"))')
  ),
  connect_timeout_ms integer CONSTRAINT connections_connect_timeout_range CHECK (connect_timeout_ms BETWEEN 1 AND 30000),
  headers_timeout_ms integer CONSTRAINT connections_headers_timeout_range CHECK (headers_timeout_ms BETWEEN 1 AND 60000),
  body_timeout_ms integer CONSTRAINT connections_body_timeout_range CHECK (body_timeout_ms BETWEEN 1 AND 60000),
  max_connections integer NOT NULL DEFAULT 16 CONSTRAINT connections_max_connections_range CHECK (max_connections BETWEEN 1 AND 256),
  stage text NOT NULL DEFAULT 'solicitud' CONSTRAINT connections_stage_known
    CHECK (stage IN ('solicitud', 'estandar', 'mecanismo', 'pruebas', 'aprobada', 'produccion', 'mantenimiento', 'suspendida')),
  stage_changed_at timestamptz NOT NULL DEFAULT now(),
  -- Bumped on every change of what the SEE calls (URLs, protocol, auth): an approval must rest on a
  -- test of the current configuration.
  config_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ente_clave, system)
);

CREATE INDEX connections_by_system_stage ON connections (system, stage);

CREATE TABLE connection_stage_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ente_clave text NOT NULL,
  system text NOT NULL,
  from_stage text,
  to_stage text NOT NULL,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  observations text CONSTRAINT connection_stage_history_observations_length CHECK (char_length(observations) <= 2000),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  FOREIGN KEY (ente_clave, system) REFERENCES connections (ente_clave, system) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE INDEX connection_stage_history_by_connection ON connection_stage_history (ente_clave, system, id);
