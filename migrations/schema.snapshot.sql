-- index idx_allocations_customer
CREATE INDEX idx_allocations_customer ON allocations (customer_id);

-- index idx_allocations_invoice
CREATE INDEX idx_allocations_invoice ON allocations (invoice_id);

-- index idx_allocations_payment
CREATE INDEX idx_allocations_payment ON allocations (payment_id);

-- index idx_audit_at
CREATE INDEX idx_audit_at ON audit_log (at);

-- index idx_audit_method
CREATE INDEX idx_audit_method ON audit_log (method, at);

-- index idx_audit_user
CREATE INDEX idx_audit_user ON audit_log (user_id, at);

-- index idx_customers_area
CREATE INDEX idx_customers_area ON customers (area);

-- index idx_customers_name
CREATE INDEX idx_customers_name ON customers (name COLLATE NOCASE);

-- index idx_invoice_lines_invoice
CREATE INDEX idx_invoice_lines_invoice ON invoice_lines (invoice_id, position);

-- index idx_invoices_customer
CREATE INDEX idx_invoices_customer ON invoices (customer_id, id);

-- index idx_invoices_issue
CREATE INDEX idx_invoices_issue ON invoices (issue_date);

-- index idx_invoices_status_due
CREATE INDEX idx_invoices_status_due ON invoices (status, due_date);

-- index idx_job_runs_job
CREATE INDEX idx_job_runs_job ON job_runs (job, started_at);

-- index idx_job_runs_one_running
CREATE UNIQUE INDEX idx_job_runs_one_running ON job_runs (job) WHERE status = 'running';

-- index idx_ledger_customer
CREATE INDEX idx_ledger_customer ON ledger_entries (customer_id, id);

-- index idx_ledger_invoice
CREATE INDEX idx_ledger_invoice ON ledger_entries (invoice_id) WHERE invoice_id IS NOT NULL;

-- index idx_outlet_payments_outlet
CREATE INDEX idx_outlet_payments_outlet ON outlet_payments (outlet_id, id);

-- index idx_outlet_stock_moves_outlet
CREATE INDEX idx_outlet_stock_moves_outlet ON outlet_stock_moves (outlet_id, at);

-- index idx_payments_customer
CREATE INDEX idx_payments_customer ON payments (customer_id, id);

-- index idx_payments_received
CREATE INDEX idx_payments_received ON payments (received_at);

-- index idx_payments_reference
CREATE INDEX idx_payments_reference ON payments (lower(reference)) WHERE reference <> '';

-- index idx_payments_reversed
CREATE INDEX idx_payments_reversed ON payments (reversed_at) WHERE reversed_at IS NOT NULL;

-- index idx_portal_codes_customer
CREATE INDEX idx_portal_codes_customer ON portal_codes (customer_id, purpose, id);

-- index idx_portal_codes_expires
CREATE INDEX idx_portal_codes_expires ON portal_codes (expires_at);

-- index idx_portal_sessions_customer
CREATE INDEX idx_portal_sessions_customer ON portal_sessions (customer_id);

-- index idx_portal_sessions_ended
CREATE INDEX idx_portal_sessions_ended ON portal_sessions (ended_at) WHERE ended_at IS NOT NULL;

-- index idx_portal_sessions_expires
CREATE INDEX idx_portal_sessions_expires ON portal_sessions (expires_at);

-- index idx_router_jobs_due
CREATE INDEX idx_router_jobs_due ON router_jobs (router_id, status, next_attempt_at);

-- index idx_router_jobs_target
CREATE INDEX idx_router_jobs_target ON router_jobs (router_id, target, id);

-- index idx_scheduled_changes_due
CREATE INDEX idx_scheduled_changes_due ON scheduled_changes (status, date);

-- index idx_sessions_user
CREATE INDEX idx_sessions_user ON sessions (user_id);

-- index idx_subscription_terms_sub
CREATE INDEX idx_subscription_terms_sub ON subscription_terms (subscription_id, id);

-- index idx_subscriptions_customer
CREATE INDEX idx_subscriptions_customer ON subscriptions (customer_id);

-- index idx_subscriptions_due
CREATE INDEX idx_subscriptions_due ON subscriptions (status, billed_until);

-- index idx_vouchers_batch
CREATE INDEX idx_vouchers_batch ON vouchers (batch_id, on_router);

-- index idx_vouchers_expiry
CREATE INDEX idx_vouchers_expiry ON vouchers (expires_at) WHERE state = 'active';

-- index idx_vouchers_outlet
CREATE INDEX idx_vouchers_outlet ON vouchers (outlet_id, state);

-- index idx_vouchers_router_state
CREATE INDEX idx_vouchers_router_state ON vouchers (router_id, state);

-- index idx_vouchers_sold
CREATE INDEX idx_vouchers_sold ON vouchers (sold_at);

-- index ix_api_idempotency_expires
CREATE INDEX ix_api_idempotency_expires ON api_idempotency (expires_at);

-- index ix_collection_handovers_collector
CREATE INDEX ix_collection_handovers_collector ON collection_handovers (collector_id, id);

-- index ix_collection_payments_day
CREATE INDEX ix_collection_payments_day ON collection_payments (collector_id, day);

-- index ix_collection_payments_handover
CREATE INDEX ix_collection_payments_handover ON collection_payments (handover_id) WHERE handover_id IS NOT NULL;

-- index ix_collection_payments_open
CREATE INDEX ix_collection_payments_open ON collection_payments (collector_id, payment_id) WHERE handover_id IS NULL;

-- index ix_collector_areas_area
CREATE INDEX ix_collector_areas_area ON collector_areas (area);

-- index ix_payment_attempt_events_attempt
CREATE INDEX ix_payment_attempt_events_attempt ON payment_attempt_events (attempt_id, id);

-- index ix_payment_attempts_customer
CREATE INDEX ix_payment_attempts_customer ON payment_attempts (customer_id, id);

-- index ix_payment_attempts_due
CREATE INDEX ix_payment_attempts_due ON payment_attempts (next_check_at) WHERE next_check_at IS NOT NULL;

-- index ix_payment_attempts_invoice
CREATE INDEX ix_payment_attempts_invoice ON payment_attempts (invoice_id);

-- index ix_payment_attempts_link
CREATE INDEX ix_payment_attempts_link ON payment_attempts (link_id, id);

-- index ix_payment_attempts_review
CREATE INDEX ix_payment_attempts_review ON payment_attempts (needs_review, id);

-- index ix_payment_callbacks_account
CREATE INDEX ix_payment_callbacks_account ON payment_callbacks (account_id, id);

-- index ix_payment_callbacks_order
CREATE INDEX ix_payment_callbacks_order ON payment_callbacks (order_id);

-- index ix_payment_links_customer
CREATE INDEX ix_payment_links_customer ON payment_links (customer_id, id);

-- index ix_payment_links_invoice
CREATE INDEX ix_payment_links_invoice ON payment_links (invoice_id, id);

-- index ix_ppp_usage_latest
CREATE INDEX ix_ppp_usage_latest ON ppp_usage (router_id, username, month_start);

-- index ix_ticket_notes_ticket
CREATE INDEX ix_ticket_notes_ticket ON ticket_notes (ticket_id, id);

-- index ix_tickets_assigned
CREATE INDEX ix_tickets_assigned ON tickets (assigned_to, state);

-- index ix_tickets_customer
CREATE INDEX ix_tickets_customer ON tickets (customer_id, id);

-- index ix_tickets_state
CREATE INDEX ix_tickets_state ON tickets (state, id);

-- index ix_wa_inbound_customer
CREATE INDEX ix_wa_inbound_customer ON wa_inbound (customer_id, id);

-- index ix_wa_inbound_unread
CREATE INDEX ix_wa_inbound_unread ON wa_inbound (id) WHERE read_at IS NULL;

-- index ix_wa_messages_customer
CREATE INDEX ix_wa_messages_customer ON wa_messages (customer_id, id);

-- index ix_wa_messages_queue
CREATE INDEX ix_wa_messages_queue ON wa_messages (next_attempt_at, id) WHERE state = 'queued';

-- index ix_wa_messages_sent
CREATE INDEX ix_wa_messages_sent ON wa_messages (sent_at) WHERE sent_at IS NOT NULL;

-- index ix_wa_messages_state
CREATE INDEX ix_wa_messages_state ON wa_messages (state, id);

-- index ix_webhook_attempts_delivery
CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id);

-- index ix_webhook_attempts_endpoint
CREATE INDEX ix_webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id);

-- index ix_webhook_deliveries_due
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_at, id) WHERE state = 'queued';

-- index ix_webhook_deliveries_endpoint
CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- index ix_webhook_deliveries_order
CREATE INDEX ix_webhook_deliveries_order ON webhook_deliveries (endpoint_id, object_key, id) WHERE state IN ('queued','sending');

-- index uq_billing_periods
CREATE UNIQUE INDEX uq_billing_periods ON billing_periods (subscription_id, start);

-- index uq_invoices_late_fee
CREATE UNIQUE INDEX uq_invoices_late_fee ON invoices (late_fee_for) WHERE late_fee_for IS NOT NULL;

-- index uq_invoices_period
CREATE UNIQUE INDEX uq_invoices_period ON invoices (subscription_id, period_start) WHERE kind = 'period';

-- index uq_payments_idempotency
CREATE UNIQUE INDEX uq_payments_idempotency ON payments (idempotency_key) WHERE idempotency_key IS NOT NULL;

-- index uq_scheduled_changes_pending
CREATE UNIQUE INDEX uq_scheduled_changes_pending ON scheduled_changes (subscription_id) WHERE status = 'scheduled';

-- index uq_subscriptions_router_username
CREATE UNIQUE INDEX uq_subscriptions_router_username ON subscriptions (router_id, username);

-- index uq_voucher_profiles_router_profile
CREATE UNIQUE INDEX uq_voucher_profiles_router_profile ON voucher_profiles (router_id, profile_name);

-- index ux_collection_handovers_pending
CREATE UNIQUE INDEX ux_collection_handovers_pending ON collection_handovers (collector_id) WHERE state = 'pending';

-- index ux_payment_attempts_voucher
CREATE UNIQUE INDEX ux_payment_attempts_voucher ON payment_attempts (voucher_id) WHERE voucher_id IS NOT NULL;

-- index ux_ppp_usage_month
CREATE UNIQUE INDEX ux_ppp_usage_month ON ppp_usage (router_id, username, month);

-- index ux_wa_messages_provider
CREATE UNIQUE INDEX ux_wa_messages_provider ON wa_messages (provider_id) WHERE provider_id IS NOT NULL;

-- table allocations
CREATE TABLE allocations ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, customer_id INTEGER NOT NULL REFERENCES customers(id), credit_entry_id INTEGER NOT NULL REFERENCES ledger_entries(id), debit_entry_id INTEGER NOT NULL REFERENCES ledger_entries(id), invoice_id INTEGER REFERENCES invoices(id), payment_id INTEGER REFERENCES payments(id), credit_invoice_id INTEGER REFERENCES invoices(id), amount INTEGER NOT NULL CHECK (amount > 0) );

-- table api_idempotency
CREATE TABLE api_idempotency ( api_key_id INTEGER NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE, client_key TEXT NOT NULL, method TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER, response TEXT, created_at TEXT NOT NULL, finished_at TEXT, expires_at TEXT NOT NULL, PRIMARY KEY (api_key_id, client_key) );

-- table api_keys
CREATE TABLE api_keys ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100), prefix TEXT NOT NULL, last4 TEXT NOT NULL, key_sha256 TEXT NOT NULL UNIQUE, scopes TEXT NOT NULL, allow_ips TEXT NOT NULL DEFAULT '[]', expires_at TEXT, user_id INTEGER NOT NULL REFERENCES users(id), created_at TEXT NOT NULL, revoked_at TEXT, revoked_by INTEGER REFERENCES users(id) ON DELETE SET NULL, last_used_at TEXT, last_used_ip TEXT );

-- table audit_log
CREATE TABLE audit_log ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, at TEXT NOT NULL, user_id INTEGER REFERENCES users(id), username TEXT, method TEXT NOT NULL, summary TEXT NOT NULL, summary_key TEXT, summary_params TEXT, details TEXT, transport TEXT NOT NULL, ip TEXT );

-- table billing_periods
CREATE TABLE billing_periods ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, subscription_id INTEGER NOT NULL REFERENCES subscriptions(id), start TEXT NOT NULL, end TEXT NOT NULL, months INTEGER NOT NULL DEFAULT 1, suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)), invoice_id INTEGER REFERENCES invoices(id), waived INTEGER NOT NULL DEFAULT 0 CHECK (waived IN (0, 1)), created_at TEXT NOT NULL );

-- table collection_handovers
CREATE TABLE collection_handovers ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, number TEXT NOT NULL UNIQUE, collector_id INTEGER NOT NULL REFERENCES users(id), state TEXT NOT NULL CHECK (state IN ('pending','confirmed','cancelled')), amount INTEGER NOT NULL CHECK (amount >= 0), count INTEGER NOT NULL CHECK (count >= 0), counted INTEGER CHECK (counted >= 0), note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, created_by INTEGER REFERENCES users(id) ON DELETE SET NULL, decided_at TEXT, decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL, CHECK (state <> 'confirmed' OR (counted IS NOT NULL AND decided_at IS NOT NULL)) );

-- table collection_payments
CREATE TABLE collection_payments ( payment_id INTEGER PRIMARY KEY NOT NULL REFERENCES payments(id), collector_id INTEGER NOT NULL REFERENCES users(id), customer_id INTEGER NOT NULL REFERENCES customers(id), amount INTEGER NOT NULL CHECK (amount > 0), received_at TEXT NOT NULL, day TEXT NOT NULL CHECK (length(day) = 10), reversed_at TEXT, handover_id INTEGER REFERENCES collection_handovers(id) );

-- table collector_areas
CREATE TABLE collector_areas ( user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, area TEXT NOT NULL CHECK (length(area) BETWEEN 1 AND 100), PRIMARY KEY (user_id, area) );

-- table counters
CREATE TABLE counters ( name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL );

-- table customers
CREATE TABLE customers ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, number TEXT NOT NULL UNIQUE, name TEXT NOT NULL, phone TEXT, whatsapp TEXT, wa_opt_in INTEGER NOT NULL DEFAULT 0, address TEXT NOT NULL DEFAULT '', area TEXT NOT NULL DEFAULT '', lat REAL, lng REAL, id_number TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '', status TEXT NOT NULL CHECK (status IN ('active','inactive')), collector_id INTEGER REFERENCES users(id) ON DELETE SET NULL, search TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL , npwp TEXT NOT NULL DEFAULT '');

-- table invoice_lines
CREATE TABLE invoice_lines ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, invoice_id INTEGER NOT NULL REFERENCES invoices(id), position INTEGER NOT NULL, kind TEXT NOT NULL, description TEXT NOT NULL, params TEXT NOT NULL DEFAULT '{}', amount INTEGER NOT NULL, counted INTEGER NOT NULL DEFAULT 1 , period_start TEXT, tax_bp INTEGER NOT NULL DEFAULT 0, service_from TEXT, service_to TEXT, tax_included INTEGER NOT NULL DEFAULT 0);

-- table invoices
CREATE TABLE invoices ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, number TEXT NOT NULL UNIQUE, customer_id INTEGER NOT NULL REFERENCES customers(id), subscription_id INTEGER REFERENCES subscriptions(id), kind TEXT NOT NULL CHECK (kind IN ('period','activation','change','final','manual')), period_start TEXT, period_end TEXT, issue_date TEXT NOT NULL, due_date TEXT NOT NULL, subtotal INTEGER NOT NULL, tax INTEGER NOT NULL, total INTEGER NOT NULL, previous_balance INTEGER NOT NULL, paid INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL CHECK (status IN ('open','partial','paid','void')), void_reason TEXT, voided_at TEXT, created_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_at TEXT NOT NULL , late_fee_for INTEGER REFERENCES invoices(id), charge_type TEXT, credits TEXT NOT NULL DEFAULT '[]', event_id INTEGER);

-- table job_runs
CREATE TABLE job_runs ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, job TEXT NOT NULL, trigger TEXT NOT NULL CHECK (trigger IN ('schedule','catch-up','manual')), window_start TEXT NOT NULL, window_end TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted')), error TEXT, summary TEXT, summary_key TEXT, summary_params TEXT, started_by TEXT );

-- table job_state
CREATE TABLE job_state ( job TEXT PRIMARY KEY NOT NULL, first_seen_at TEXT NOT NULL );

-- table ledger_entries
CREATE TABLE ledger_entries ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, customer_id INTEGER NOT NULL REFERENCES customers(id), kind TEXT NOT NULL CHECK (kind IN ('invoice','payment','void','reversal','adjustment')), amount INTEGER NOT NULL, invoice_id INTEGER REFERENCES invoices(id), payment_id INTEGER REFERENCES payments(id), memo TEXT NOT NULL DEFAULT '', created_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_at TEXT NOT NULL );

-- table login_failures
CREATE TABLE login_failures ( user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, ip TEXT NOT NULL, failed INTEGER NOT NULL DEFAULT 0, locked_until TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (user_id, ip) );

-- table migration_checksums
CREATE TABLE migration_checksums ( name TEXT PRIMARY KEY NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL );

-- table migrations
CREATE TABLE "migrations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "timestamp" bigint NOT NULL, "name" varchar NOT NULL);

-- table outlet_payments
CREATE TABLE outlet_payments ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, outlet_id INTEGER NOT NULL REFERENCES outlets(id), amount INTEGER NOT NULL CHECK (amount > 0), note TEXT NOT NULL DEFAULT '', received_by INTEGER REFERENCES users(id) ON DELETE SET NULL, received_at TEXT NOT NULL );

-- table outlet_prices
CREATE TABLE outlet_prices ( outlet_id INTEGER NOT NULL REFERENCES outlets(id), profile_id INTEGER NOT NULL REFERENCES voucher_profiles(id), price INTEGER NOT NULL CHECK (price >= 0), PRIMARY KEY (outlet_id, profile_id) );

-- table outlet_stock_moves
CREATE TABLE outlet_stock_moves ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, outlet_id INTEGER NOT NULL REFERENCES outlets(id), profile_id INTEGER NOT NULL REFERENCES voucher_profiles(id), kind TEXT NOT NULL CHECK (kind IN ('handover','takeback')), count INTEGER NOT NULL CHECK (count > 0), at TEXT NOT NULL, by_user INTEGER REFERENCES users(id) ON DELETE SET NULL );

-- table outlets
CREATE TABLE outlets ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name TEXT NOT NULL UNIQUE, phone TEXT, address TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL );

-- table payment_accounts
CREATE TABLE payment_accounts ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, gateway TEXT NOT NULL CHECK (gateway IN ('duitku','tripay','midtrans','xendit')), name TEXT NOT NULL UNIQUE, env TEXT NOT NULL CHECK (env IN ('sandbox','production')), merchant_code TEXT NOT NULL DEFAULT '', api_key_sealed TEXT NOT NULL, secondary_key_sealed TEXT NOT NULL DEFAULT '', signature_scheme TEXT NOT NULL DEFAULT 'hmac-sha256' CHECK (signature_scheme IN ('hmac-sha256','sha256','md5')), flavour TEXT NOT NULL DEFAULT 'v2' CHECK (flavour IN ('v2','pop')), enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)), methods TEXT NOT NULL DEFAULT '[]', fee_bearer TEXT NOT NULL DEFAULT 'customer' CHECK (fee_bearer IN ('customer','office')), public_base_url TEXT NOT NULL DEFAULT '', base_url TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL );

-- table payment_attempt_events
CREATE TABLE payment_attempt_events ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, attempt_id INTEGER NOT NULL REFERENCES payment_attempts(id), at TEXT NOT NULL, from_state TEXT CHECK (from_state IN ('pending','paid','failed','expired')), to_state TEXT NOT NULL CHECK (to_state IN ('pending','paid','failed','expired')), source TEXT NOT NULL CHECK (source IN ('callback','poll','staff','create')), detail TEXT NOT NULL DEFAULT '' );

-- table payment_attempts
CREATE TABLE payment_attempts ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, order_id TEXT NOT NULL UNIQUE CHECK (length(order_id) BETWEEN 1 AND 50), account_id INTEGER NOT NULL REFERENCES payment_accounts(id), purpose TEXT NOT NULL CHECK (purpose IN ('invoice','customer','voucher')), invoice_id INTEGER REFERENCES invoices(id), customer_id INTEGER REFERENCES customers(id), voucher_profile_id INTEGER REFERENCES voucher_profiles(id), amount INTEGER NOT NULL CHECK (amount > 0), fee INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0), method TEXT NOT NULL DEFAULT '', gateway_ref TEXT NOT NULL DEFAULT '', pay_code TEXT NOT NULL DEFAULT '', qr_string TEXT NOT NULL DEFAULT '', payment_url TEXT NOT NULL DEFAULT '', expires_at TEXT, state TEXT NOT NULL CHECK (state IN ('pending','paid','failed','expired')), last_status TEXT, paid_amount INTEGER, payment_id INTEGER UNIQUE REFERENCES payments(id), needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1)), review_reason TEXT CHECK (review_reason IN ('amount_mismatch','invoice_already_paid','paid_after_expiry','customer_missing')), reviewed_at TEXT, reviewed_by INTEGER REFERENCES users(id) ON DELETE SET NULL, review_note TEXT NOT NULL DEFAULT '', checks INTEGER NOT NULL DEFAULT 0, last_checked_at TEXT, next_check_at TEXT, created_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, link_id INTEGER REFERENCES payment_links(id), voucher_id INTEGER, buyer_phone TEXT NOT NULL DEFAULT '', CHECK (purpose <> 'invoice' OR invoice_id IS NOT NULL), CHECK (purpose <> 'customer' OR customer_id IS NOT NULL), CHECK (purpose <> 'voucher' OR voucher_profile_id IS NOT NULL) );

-- table payment_callbacks
CREATE TABLE payment_callbacks ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, at TEXT NOT NULL, gateway TEXT NOT NULL, account_id INTEGER REFERENCES payment_accounts(id) ON DELETE SET NULL, remote_ip TEXT NOT NULL DEFAULT '', content_type TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)), reason TEXT NOT NULL DEFAULT '', order_id TEXT );

-- table payment_link_keys
CREATE TABLE payment_link_keys ( id INTEGER PRIMARY KEY CHECK (id = 1), key_sealed TEXT NOT NULL, created_at TEXT NOT NULL );

-- table payment_links
CREATE TABLE payment_links ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('invoice','customer')), invoice_id INTEGER REFERENCES invoices(id), customer_id INTEGER NOT NULL REFERENCES customers(id), code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 3 AND 40), expires_at TEXT NOT NULL, revoked_at TEXT, revoked_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_at TEXT NOT NULL, CHECK (kind <> 'invoice' OR invoice_id IS NOT NULL) );

-- table payments
CREATE TABLE payments ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, number TEXT NOT NULL UNIQUE, customer_id INTEGER NOT NULL REFERENCES customers(id), amount INTEGER NOT NULL CHECK (amount > 0), method TEXT NOT NULL CHECK (method IN ('cash','transfer','gateway')), reference TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', received_by INTEGER REFERENCES users(id) ON DELETE SET NULL, received_at TEXT NOT NULL, applied TEXT NOT NULL DEFAULT '[]', balance_after INTEGER NOT NULL, reversed_at TEXT, reversed_by INTEGER REFERENCES users(id) ON DELETE SET NULL, reverse_reason TEXT , kind TEXT NOT NULL DEFAULT 'payment' CHECK (kind IN ('payment','refund')), idempotency_key TEXT);

-- table plans
CREATE TABLE plans ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name TEXT NOT NULL UNIQUE, price INTEGER NOT NULL CHECK (price >= 0), tax_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp BETWEEN 0 AND 10000), profile_name TEXT NOT NULL UNIQUE, rate_limit TEXT NOT NULL DEFAULT '', local_address TEXT NOT NULL DEFAULT '', remote_address TEXT NOT NULL DEFAULT '', active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL , cycle_discounts TEXT NOT NULL DEFAULT '{}');

-- table portal_codes
CREATE TABLE portal_codes ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE, purpose TEXT NOT NULL CHECK (purpose IN ('login','change_number')), target TEXT NOT NULL, code_hash TEXT NOT NULL, salt TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, used_at TEXT, ip TEXT );

-- table portal_prefs
CREATE TABLE portal_prefs ( customer_id INTEGER PRIMARY KEY NOT NULL REFERENCES customers(id) ON DELETE CASCADE, language TEXT NOT NULL CHECK (language IN ('id','en')), updated_at TEXT NOT NULL );

-- table portal_sessions
CREATE TABLE portal_sessions ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, token_hash TEXT NOT NULL UNIQUE, customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE, via TEXT NOT NULL CHECK (via IN ('code','password')), created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, expires_at TEXT NOT NULL, ended_at TEXT, ip TEXT, user_agent TEXT NOT NULL DEFAULT '' );

-- table ppp_usage
CREATE TABLE ppp_usage ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, router_id INTEGER NOT NULL REFERENCES routers(id) ON DELETE CASCADE, username TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 256), month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'), month_start TEXT NOT NULL, month_end TEXT NOT NULL, rx INTEGER NOT NULL DEFAULT 0 CHECK (rx >= 0), tx INTEGER NOT NULL DEFAULT 0 CHECK (tx >= 0), samples INTEGER NOT NULL DEFAULT 0, sessions TEXT NOT NULL DEFAULT '{}', first_sample_at TEXT NOT NULL, last_sample_at TEXT NOT NULL );

-- table router_jobs
CREATE TABLE router_jobs ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, router_id INTEGER NOT NULL REFERENCES routers(id) ON DELETE CASCADE, target TEXT NOT NULL, op TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending','running','done','failed')), attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, last_error TEXT, source TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, done_at TEXT );

-- table routers
CREATE TABLE routers ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name TEXT NOT NULL UNIQUE, host TEXT NOT NULL, port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535), tls INTEGER NOT NULL DEFAULT 0, username TEXT NOT NULL, password_sealed TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL , isolation_profile TEXT NOT NULL DEFAULT 'isolir', hotspot_token TEXT, hotspot_dns TEXT NOT NULL DEFAULT '');

-- table scheduled_changes
CREATE TABLE scheduled_changes ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, subscription_id INTEGER NOT NULL REFERENCES subscriptions(id), action TEXT NOT NULL CHECK (action IN ('activate','changePlan','pause','resume','terminate')), date TEXT NOT NULL, plan_id INTEGER REFERENCES plans(id), status TEXT NOT NULL CHECK (status IN ('scheduled','done','cancelled','failed')), error TEXT, created_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_at TEXT NOT NULL, settled_at TEXT, settled_by INTEGER REFERENCES users(id) ON DELETE SET NULL );

-- table sessions
CREATE TABLE sessions ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, token_hash TEXT NOT NULL UNIQUE, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, csrf_token TEXT NOT NULL, transport TEXT NOT NULL, ip TEXT, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, expires_at TEXT NOT NULL );

-- table settings
CREATE TABLE settings ( key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by INTEGER REFERENCES users(id) );

-- table subscription_terms
CREATE TABLE subscription_terms ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, subscription_id INTEGER NOT NULL REFERENCES subscriptions(id), starts_on TEXT NOT NULL, event TEXT NOT NULL CHECK (event IN ('activate','change','pause','resume','terminate','discount','price','adopt','legacy','isolate','restore')), billable INTEGER NOT NULL CHECK (billable IN (0, 1)), plan_id INTEGER NOT NULL REFERENCES plans(id), plan_name TEXT NOT NULL, price INTEGER NOT NULL CHECK (price >= 0), tax_bp INTEGER NOT NULL CHECK (tax_bp BETWEEN 0 AND 10000), discount INTEGER NOT NULL CHECK (discount >= 0), tax_included INTEGER NOT NULL DEFAULT 0 CHECK (tax_included IN (0, 1)), cycle_discount_bp INTEGER NOT NULL DEFAULT 0, prev_status TEXT, prev_plan_id INTEGER, prev_discount INTEGER, periods_before INTEGER NOT NULL DEFAULT 0, invoice_id INTEGER REFERENCES invoices(id), voided_at TEXT, created_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_at TEXT NOT NULL );

-- table subscriptions
CREATE TABLE subscriptions ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, customer_id INTEGER NOT NULL REFERENCES customers(id), plan_id INTEGER NOT NULL REFERENCES plans(id), router_id INTEGER NOT NULL REFERENCES routers(id), username TEXT NOT NULL, password TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending','active','isolated','paused','terminated')), install_date TEXT NOT NULL, anchor TEXT NOT NULL CHECK (anchor IN ('fixed','anniversary')), anchor_day INTEGER NOT NULL CHECK (anchor_day BETWEEN 1 AND 31), due_days INTEGER NOT NULL CHECK (due_days BETWEEN 0 AND 60), grace_days INTEGER NOT NULL CHECK (grace_days BETWEEN 0 AND 60), discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0), install_fee INTEGER NOT NULL DEFAULT 0 CHECK (install_fee >= 0), activated_on TEXT, billed_until TEXT, -- The terms the running period (up to billed_until) was invoiced at: credits for unused days use these. period_plan TEXT, period_price INTEGER NOT NULL DEFAULT 0, period_discount INTEGER NOT NULL DEFAULT 0, period_tax_bp INTEGER NOT NULL DEFAULT 0, paused_on TEXT, promise_until TEXT, isolated_at TEXT, isolation_reason TEXT CHECK (isolation_reason IN ('overdue','manual')), terminated_on TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL , terms_since TEXT, period_tax_included INTEGER NOT NULL DEFAULT 0, cycle_months INTEGER NOT NULL DEFAULT 1 CHECK (cycle_months IN (1, 3, 6, 12)), cycle_discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (cycle_discount_bp BETWEEN 0 AND 10000), billing_mode TEXT NOT NULL DEFAULT 'postpaid' CHECK (billing_mode IN ('postpaid','prepaid')));

-- table ticket_notes
CREATE TABLE ticket_notes ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE RESTRICT, event TEXT NOT NULL CHECK (event IN ('opened','note','state','assigned')), user_id INTEGER REFERENCES users(id) ON DELETE SET NULL, note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000), visible_to_customer INTEGER NOT NULL DEFAULT 0 CHECK (visible_to_customer IN (0, 1)), from_state TEXT CHECK (from_state IN ('open','in_progress','solved')), to_state TEXT CHECK (to_state IN ('open','in_progress','solved')), assigned_to INTEGER REFERENCES users(id) ON DELETE SET NULL, at TEXT NOT NULL );

-- table ticket_photos
CREATE TABLE ticket_photos ( ticket_id INTEGER PRIMARY KEY NOT NULL REFERENCES tickets(id) ON DELETE CASCADE, mime TEXT NOT NULL CHECK (mime IN ('image/jpeg','image/png','image/webp')), bytes BLOB NOT NULL CHECK (length(bytes) BETWEEN 1 AND 1500000), created_at TEXT NOT NULL );

-- table tickets
CREATE TABLE tickets ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, number TEXT NOT NULL UNIQUE, customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT, category TEXT NOT NULL CHECK (category IN ('no_internet','slow','intermittent','device','billing','other')), text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000), state TEXT NOT NULL CHECK (state IN ('open','in_progress','solved')), assigned_to INTEGER REFERENCES users(id) ON DELETE SET NULL, via TEXT NOT NULL CHECK (via IN ('portal','staff')), opened_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, solved_at TEXT );

-- table users
CREATE TABLE users ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, username TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('owner','admin','cashier','technician','collector')), status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')), password_hash TEXT NOT NULL, must_change_password INTEGER NOT NULL DEFAULT 0, language TEXT, failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT, last_login_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL );

-- table voucher_batches
CREATE TABLE voucher_batches ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, router_id INTEGER NOT NULL REFERENCES routers(id), profile_id INTEGER NOT NULL REFERENCES voucher_profiles(id), quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10000), mode TEXT NOT NULL CHECK (mode IN ('vc','up')), code_length INTEGER NOT NULL, charset TEXT NOT NULL, prefix TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pushing','done','cancelled','imported')), pushed INTEGER NOT NULL DEFAULT 0, last_error TEXT, created_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_at TEXT NOT NULL, finished_at TEXT );

-- table voucher_profiles
CREATE TABLE voucher_profiles ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, router_id INTEGER NOT NULL REFERENCES routers(id), name TEXT NOT NULL, profile_name TEXT NOT NULL, hotspot_server TEXT NOT NULL DEFAULT 'all', price INTEGER NOT NULL CHECK (price >= 0), selling_price INTEGER NOT NULL CHECK (selling_price >= 0), validity_seconds INTEGER NOT NULL CHECK (validity_seconds > 0), time_limit_seconds INTEGER CHECK (time_limit_seconds > 0), data_quota_bytes INTEGER CHECK (data_quota_bytes > 0), rate_limit TEXT NOT NULL DEFAULT '', shared_users INTEGER NOT NULL DEFAULT 1 CHECK (shared_users BETWEEN 1 AND 1000), address_pool TEXT NOT NULL DEFAULT '', lock_mac INTEGER NOT NULL DEFAULT 0, expiry_action TEXT NOT NULL DEFAULT 'remove' CHECK (expiry_action IN ('remove','disable')), active INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL , expiry TEXT NOT NULL DEFAULT 'app' CHECK (expiry IN ('app','router','never')), online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)));

-- table voucher_templates
CREATE TABLE voucher_templates ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, name TEXT NOT NULL UNIQUE, paper TEXT NOT NULL CHECK (paper IN ('a4','58mm','80mm')), columns INTEGER NOT NULL CHECK (columns BETWEEN 1 AND 8), rows_per_page INTEGER NOT NULL DEFAULT 8 CHECK (rows_per_page BETWEEN 1 AND 30), html TEXT NOT NULL, css TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL );

-- table vouchers
CREATE TABLE vouchers ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, batch_id INTEGER NOT NULL REFERENCES voucher_batches(id), router_id INTEGER NOT NULL REFERENCES routers(id), profile_id INTEGER NOT NULL REFERENCES voucher_profiles(id), serial INTEGER NOT NULL UNIQUE, username TEXT NOT NULL UNIQUE, password TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('unused','active','expired','disabled','removed')), on_router INTEGER NOT NULL DEFAULT 0, first_login_at TEXT, expires_at TEXT, mac TEXT, disabled_at TEXT, removed_at TEXT, outlet_id INTEGER REFERENCES outlets(id), handed_at TEXT, sold_at TEXT, sold_by INTEGER REFERENCES users(id) ON DELETE SET NULL, sold_price INTEGER, created_at TEXT NOT NULL );

-- table wa_contacts
CREATE TABLE wa_contacts ( number TEXT PRIMARY KEY NOT NULL, chat_id TEXT, on_whatsapp INTEGER CHECK (on_whatsapp IN (0, 1)), checked_at TEXT NOT NULL );

-- table wa_inbound
CREATE TABLE wa_inbound ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, provider_id TEXT NOT NULL UNIQUE, customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL, from_chat TEXT NOT NULL, from_number TEXT, body TEXT NOT NULL, received_at TEXT NOT NULL, handling TEXT NOT NULL CHECK (handling IN ('auto_reply','opt_out','opt_in','inbox','unknown_sender')), read_at TEXT, read_by INTEGER REFERENCES users(id) ON DELETE SET NULL );

-- table wa_keys
CREATE TABLE wa_keys ( id INTEGER PRIMARY KEY CHECK (id = 1), token_sealed TEXT NOT NULL, updated_at TEXT NOT NULL );

-- table wa_messages
CREATE TABLE wa_messages ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL, to_number TEXT NOT NULL CHECK (length(to_number) BETWEEN 8 AND 20), kind TEXT NOT NULL CHECK (kind IN ('invoice_issued','reminder_before','reminder_due','reminder_after','isolated','restored','payment_received','voucher_bought','welcome','promise_to_pay','reply_info','opt_out','broadcast','manual','login_code','ticket_opened','ticket_updated')), dedupe_key TEXT UNIQUE, body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4096), document TEXT, state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','delivered','read','failed','cancelled')), attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT, provider_id TEXT, error TEXT, created_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_at TEXT NOT NULL, sent_at TEXT, delivered_at TEXT, read_at TEXT, updated_at TEXT NOT NULL );

-- table wa_templates
CREATE TABLE wa_templates ( event TEXT NOT NULL CHECK (event IN ('invoice_issued','reminder_before','reminder_due','reminder_after','isolated','restored','payment_received','voucher_bought','welcome','promise_to_pay','reply_info','opt_out','ticket_opened','ticket_updated')), lang TEXT NOT NULL CHECK (lang IN ('id','en')), body TEXT NOT NULL, enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)), updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL, updated_at TEXT NOT NULL, PRIMARY KEY (event, lang) );

-- table webhook_attempts
CREATE TABLE webhook_attempts ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE, endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE, attempt INTEGER NOT NULL, at TEXT NOT NULL, status INTEGER, duration_ms INTEGER NOT NULL, error TEXT, response_excerpt TEXT NOT NULL DEFAULT '' );

-- table webhook_deliveries
CREATE TABLE webhook_deliveries ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, event_id TEXT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE, endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE, object_key TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('queued','sending','delivered','failed')), attempts INTEGER NOT NULL DEFAULT 0, next_at TEXT, last_status INTEGER, last_error TEXT, delivered_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL );

-- table webhook_endpoints
CREATE TABLE webhook_endpoints ( id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, url TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 2000), description TEXT NOT NULL DEFAULT '', events TEXT NOT NULL, enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0,1)), secret_sealed TEXT NOT NULL, secret_hint TEXT NOT NULL, old_secret_sealed TEXT, old_secret_until TEXT, disabled_reason TEXT, failing_since TEXT, last_success_at TEXT, created_by INTEGER REFERENCES users(id) ON DELETE SET NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL );

-- table webhook_events
CREATE TABLE webhook_events ( id TEXT PRIMARY KEY NOT NULL, type TEXT NOT NULL, object_key TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL );

-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

-- trigger audit_log_no_update
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

-- trigger ledger_no_delete
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- trigger ledger_no_update
CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- trigger payment_callbacks_no_delete
CREATE TRIGGER payment_callbacks_no_delete BEFORE DELETE ON payment_callbacks BEGIN SELECT RAISE(ABORT, 'callbacks are append-only'); END;

-- trigger payment_callbacks_no_update
CREATE TRIGGER payment_callbacks_no_update BEFORE UPDATE OF at, gateway, remote_ip, content_type, body, accepted, reason, order_id ON payment_callbacks BEGIN SELECT RAISE(ABORT, 'callbacks are append-only'); END;

-- trigger ticket_notes_no_delete
CREATE TRIGGER ticket_notes_no_delete BEFORE DELETE ON ticket_notes BEGIN SELECT RAISE(ABORT, 'ticket_notes is append-only'); END;

-- trigger ticket_notes_no_update
CREATE TRIGGER ticket_notes_no_update BEFORE UPDATE OF ticket_id, event, note, visible_to_customer, from_state, to_state, at ON ticket_notes BEGIN SELECT RAISE(ABORT, 'ticket_notes is append-only'); END;
