-- Filings received by the platform for an ente (S5 denuncias): a transactional outbox. A row is
-- written, sealed, in the same statement that answers the filer, and stays until the competent
-- ente acknowledged it; the service's deliverer claims due rows with a lease (a crashed deliverer's
-- rows come back when the lease ends) and sends each with its folio as the idempotency key.
-- Personal data lives only in `sealed` (AES-256-GCM, the platform's key ring, bound to the folio)
-- and is wiped once delivered; what is left is what the filer may see with the tracking code.

CREATE TABLE intake_outbox (
  folio text PRIMARY KEY CONSTRAINT intake_outbox_folio_shape CHECK (folio ~ '^[A-Z0-9-]{8,40}$'),
  system text NOT NULL,
  ente_clave text NOT NULL,
  -- SHA-256 of the filer's Idempotency-Key, and of the filing's canonical body (a reused key with
  -- another body is refused, never merged).
  idempotency_hash text CONSTRAINT intake_outbox_idempotency_shape CHECK (idempotency_hash ~ '^[A-Za-z0-9_-]{43}$'),
  request_hash text NOT NULL,
  -- SHA-256 of the tracking code given once to the filer; the code itself is never stored.
  tracking_hash text NOT NULL,
  tracking_failures integer NOT NULL DEFAULT 0,
  tracking_blocked_until timestamptz,
  -- What the filer may see (falta, fechas): never personal data.
  summary jsonb NOT NULL,
  sealed text,
  received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  lease_until timestamptz,
  last_error text CONSTRAINT intake_outbox_last_error_shape CHECK (last_error ~ '^[A-Z0-9_]{1,64}$'),
  delivered_at timestamptz,
  CONSTRAINT intake_outbox_sealed_until_delivered CHECK ((delivered_at IS NULL) = (sealed IS NOT NULL)),
  CONSTRAINT intake_outbox_idempotency UNIQUE (system, idempotency_hash)
);

CREATE INDEX intake_outbox_due ON intake_outbox (system, next_attempt_at) WHERE delivered_at IS NULL;
