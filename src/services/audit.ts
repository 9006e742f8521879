// The audit log: append-only, and written in the same D1 batch as the change it records.

export { type Actor, type AuditEntry, auditInsert, systemActor } from "../db/audit-log"
