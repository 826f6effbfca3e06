//! SQL only: servers with sealed keys, grants, approvals, alerts and the audit trail, in SQLite.
