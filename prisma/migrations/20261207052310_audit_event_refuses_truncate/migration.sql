-- The audit trail is append-only for TRUNCATE too, which row triggers never see: a statement trigger refuses it,
-- whoever asks (the app's role has no TRUNCATE right either, the tables' owner does).
CREATE TRIGGER "AuditEvent_append_only_truncate" BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
