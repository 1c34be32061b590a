-- Ente pages (/ente): the people of an ente's IT team who register and test its connections.
-- Each user belongs to one ente and signs in with a password (argon2id hash) set through a
-- one-time invitation an operator hands over (there is no e-mail); only the invitation's SHA-256
-- is stored. An ente asks an operator to approve a tested connection with an approval request.

CREATE TABLE ente_users (
  username text PRIMARY KEY CONSTRAINT ente_users_username_format CHECK (username ~ '^[A-Za-z0-9._@-]{3,200}$'),
  ente_clave text NOT NULL REFERENCES entes (clave) ON DELETE CASCADE,
  -- NULL until the invitation is accepted.
  password_hash text,
  disabled boolean NOT NULL DEFAULT false,
  invited_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz
);

CREATE INDEX ente_users_by_ente ON ente_users (ente_clave);

CREATE TABLE ente_invitations (
  token_hash text PRIMARY KEY,
  username text NOT NULL REFERENCES ente_users (username) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE INDEX ente_invitations_by_user ON ente_invitations (username);

-- At most one open request per connection; answered when the connection leaves `pruebas`.
CREATE TABLE connection_approval_requests (
  ente_clave text NOT NULL,
  system text NOT NULL,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  config_version integer NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ente_clave, system),
  FOREIGN KEY (ente_clave, system) REFERENCES connections (ente_clave, system) ON UPDATE CASCADE ON DELETE CASCADE
);
