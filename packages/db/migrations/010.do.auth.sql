-- OAuth2 authorization server: clients, users, refresh-token families and token events.
-- Secrets and passwords are argon2id hashes; refresh tokens are stored as SHA-256 only.

CREATE TABLE auth_clients (
  client_id text PRIMARY KEY CONSTRAINT auth_clients_id_format CHECK (client_id ~ '^[A-Za-z0-9._~-]{3,100}$'),
  name text NOT NULL CONSTRAINT auth_clients_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
  secret_hash text NOT NULL,
  grants text[] NOT NULL CONSTRAINT auth_clients_grants_known
    CHECK (grants <@ ARRAY['password', 'client_credentials', 'refresh_token']::text[]),
  scopes text[] NOT NULL,
  default_scopes text[] NOT NULL,
  -- The password grant is open only to clients on this allow-list (RFC 9700 forbids it; the PDN needs it).
  password_grant_allowed boolean NOT NULL DEFAULT false,
  -- A registry:ente client acts for one ente only; it goes when the ente goes.
  ente_clave text REFERENCES entes (clave) ON DELETE CASCADE,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  secret_rotated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT auth_clients_defaults_allowed CHECK (default_scopes <@ scopes),
  CONSTRAINT auth_clients_ente_scope_bound CHECK (NOT ('registry:ente' = ANY (scopes)) OR ente_clave IS NOT NULL)
);

CREATE TABLE auth_users (
  username text PRIMARY KEY CONSTRAINT auth_users_username_format CHECK (username ~ '^[A-Za-z0-9._@-]{3,200}$'),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);

-- One family per grant; every refresh token rotated from it joins the family. Reusing a spent
-- token revokes the family.
CREATE TABLE auth_refresh_families (
  family_id text PRIMARY KEY,
  client_id text NOT NULL REFERENCES auth_clients (client_id) ON DELETE CASCADE,
  subject text NOT NULL,
  scopes text[] NOT NULL,
  username text REFERENCES auth_users (username) ON DELETE CASCADE,
  ente_clave text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE INDEX auth_refresh_families_by_expiry ON auth_refresh_families (expires_at);

CREATE TABLE auth_refresh_tokens (
  token_hash text PRIMARY KEY,
  family_id text NOT NULL REFERENCES auth_refresh_families (family_id) ON DELETE CASCADE,
  issued_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE INDEX auth_refresh_tokens_by_family ON auth_refresh_tokens (family_id);

-- Token events (issued, refreshed, failed, revoked, introspected, reuse detected). Identifiers
-- only: never a secret, password or token. Purged after the retention period.
CREATE TABLE auth_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  type text NOT NULL,
  grant_type text,
  client_id text,
  subject text,
  scope text,
  jti text,
  family_id text,
  error text,
  ip text,
  request_id text,
  delay_ms integer
);

CREATE INDEX auth_events_by_time ON auth_events (at);
CREATE INDEX auth_events_by_client ON auth_events (client_id, at);
