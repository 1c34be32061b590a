-- Sistema Registral: the public institutions (entes) of the state and the people to contact there.

CREATE TABLE entes (
  clave text PRIMARY KEY CONSTRAINT entes_clave_format CHECK (clave ~ '^[A-Za-z0-9_-]{1,40}$'),
  nombre text NOT NULL CONSTRAINT entes_nombre_length CHECK (char_length(nombre) BETWEEN 1 AND 300),
  siglas text CONSTRAINT entes_siglas_length CHECK (char_length(siglas) BETWEEN 1 AND 50),
  orden text NOT NULL CONSTRAINT entes_orden_known CHECK (orden IN ('estatal', 'municipal')),
  poder text NOT NULL CONSTRAINT entes_poder_known
    CHECK (poder IN ('ejecutivo', 'legislativo', 'judicial', 'autonomo', 'ayuntamiento', 'paramunicipal')),
  municipio text CONSTRAINT entes_municipio_length CHECK (char_length(municipio) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT entes_municipal_has_municipio CHECK (orden = 'estatal' OR municipio IS NOT NULL)
);

CREATE TABLE ente_contacts (
  ente_clave text NOT NULL REFERENCES entes (clave) ON DELETE CASCADE,
  position smallint NOT NULL CONSTRAINT ente_contacts_position_range CHECK (position BETWEEN 0 AND 19),
  nombre text NOT NULL CONSTRAINT ente_contacts_nombre_length CHECK (char_length(nombre) BETWEEN 1 AND 200),
  cargo text NOT NULL CONSTRAINT ente_contacts_cargo_length CHECK (char_length(cargo) BETWEEN 1 AND 200),
  email text NOT NULL CONSTRAINT ente_contacts_email_length CHECK (char_length(email) BETWEEN 3 AND 254),
  telefono text CONSTRAINT ente_contacts_telefono_length CHECK (char_length(telefono) BETWEEN 1 AND 40),
  PRIMARY KEY (ente_clave, position)
);
