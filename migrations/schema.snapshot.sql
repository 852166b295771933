-- index idx_audit_at
CREATE INDEX idx_audit_at ON audit_log (at);

-- index idx_audit_method
CREATE INDEX idx_audit_method ON audit_log (method, at);

-- index idx_audit_user
CREATE INDEX idx_audit_user ON audit_log (user_id, at);

-- index idx_job_runs_job
CREATE INDEX idx_job_runs_job ON job_runs (job, started_at);

-- index idx_job_runs_one_running
CREATE UNIQUE INDEX idx_job_runs_one_running ON job_runs (job) WHERE status = 'running';

-- index idx_router_jobs_due
CREATE INDEX idx_router_jobs_due ON router_jobs (router_id, status, next_attempt_at);

-- index idx_router_jobs_target
CREATE INDEX idx_router_jobs_target ON router_jobs (router_id, target, id);

-- index idx_sessions_user
CREATE INDEX idx_sessions_user ON sessions (user_id);

-- table audit_log
CREATE TABLE audit_log ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, at TEXT NOT NULL, user_id INTEGER REFERENCES users(id), username TEXT, method TEXT NOT NULL, summary TEXT NOT NULL, summary_key TEXT, summary_params TEXT, details TEXT, transport TEXT NOT NULL, ip TEXT );

-- table job_runs
CREATE TABLE job_runs ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, job TEXT NOT NULL, trigger TEXT NOT NULL CHECK (trigger IN ('schedule','catch-up','manual')), window_start TEXT NOT NULL, window_end TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted')), error TEXT, summary TEXT, summary_key TEXT, summary_params TEXT, started_by TEXT );

-- table job_state
CREATE TABLE job_state ( job TEXT PRIMARY KEY NOT NULL, first_seen_at TEXT NOT NULL );

-- table migration_checksums
CREATE TABLE migration_checksums ( name TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL );

-- table migrations
CREATE TABLE "migrations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "timestamp" bigint NOT NULL, "name" varchar NOT NULL);

-- table router_jobs
CREATE TABLE router_jobs ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, router_id INTEGER NOT NULL REFERENCES routers(id) ON DELETE CASCADE, target TEXT NOT NULL, op TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending','running','done','failed')), attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, last_error TEXT, source TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, done_at TEXT );

-- table routers
CREATE TABLE routers ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name TEXT NOT NULL UNIQUE, host TEXT NOT NULL, port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535), tls INTEGER NOT NULL DEFAULT 0, username TEXT NOT NULL, password_sealed TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL );

-- table sessions
CREATE TABLE sessions ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, token_hash TEXT NOT NULL UNIQUE, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, csrf_token TEXT NOT NULL, transport TEXT NOT NULL, ip TEXT, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, expires_at TEXT NOT NULL );

-- table settings
CREATE TABLE settings ( key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by INTEGER REFERENCES users(id) );

-- table users
CREATE TABLE users ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, username TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('owner','admin','cashier','technician','collector')), status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')), password_hash TEXT NOT NULL, must_change_password INTEGER NOT NULL DEFAULT 0, language TEXT, failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT, last_login_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL );

-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

-- trigger audit_log_no_update
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
