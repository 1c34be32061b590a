-- Sistema Registral: a configuration proposed for a connection whose configuration in force was
-- approved (produccion, mantenimiento, suspendida). The PDN keeps using the approved one in
-- `connections`; the sandbox and connection tests use this one; an operator promotes it after a
-- passing test of it. At most one per connection. Credentials are sealed exactly as in
-- `connections` (same associated data), so promoting it is a copy.

CREATE TABLE connection_pending_configs (
  ente_clave text NOT NULL,
  system text NOT NULL,
  protocol text NOT NULL CONSTRAINT connection_pending_configs_protocol_known CHECK (protocol IN ('sesna-v1', 'directus-v2')),
  base_url text NOT NULL CONSTRAINT connection_pending_configs_base_url_length CHECK (char_length(base_url) <= 2000),
  token_url text CONSTRAINT connection_pending_configs_token_url_length CHECK (char_length(token_url) <= 2000),
  dependencias_url text CONSTRAINT connection_pending_configs_dependencias_url_length CHECK (char_length(dependencias_url) <= 2000),
  auth_kind text NOT NULL CONSTRAINT connection_pending_configs_auth_kind_known
    CHECK (auth_kind IN ('oauth2-password', 'oauth2-client-credentials', 'static-bearer', 'none')),
  auth_scope text CONSTRAINT connection_pending_configs_auth_scope_length CHECK (char_length(auth_scope) <= 500),
  credentials jsonb NOT NULL DEFAULT '{}'::jsonb CONSTRAINT connection_pending_configs_credentials_sealed CHECK (
    jsonb_typeof(credentials) = 'object'
    AND NOT jsonb_path_exists(credentials, '$.* ? (@.type() != "string" || !(@ like_regex "^enc1:[A-Za-z0-9_-]{1,32}:"))')
  ),
  -- Above the version in force: a connection test reports the version it tested.
  config_version integer NOT NULL,
  -- Who proposed it last.
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ente_clave, system),
  FOREIGN KEY (ente_clave, system) REFERENCES connections (ente_clave, system) ON UPDATE CASCADE ON DELETE CASCADE
);
