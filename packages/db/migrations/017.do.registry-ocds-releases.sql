-- Sistema Registral: entes that publish plain OCDS release packages (S6), page by page with
-- links.next, connect with the protocol `ocds-releases`.

ALTER TABLE connections DROP CONSTRAINT connections_protocol_known;
ALTER TABLE connections ADD CONSTRAINT connections_protocol_known CHECK (protocol IN ('sesna-v1', 'directus-v2', 'ocds-releases'));

ALTER TABLE connection_pending_configs DROP CONSTRAINT connection_pending_configs_protocol_known;
ALTER TABLE connection_pending_configs ADD CONSTRAINT connection_pending_configs_protocol_known CHECK (protocol IN ('sesna-v1', 'directus-v2', 'ocds-releases'));
