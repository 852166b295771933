/**
 * Audit and job-run summaries are stored as a key + params, so the UI shows them in the reader's
 * language. The English templates here also produce the plain-text summary kept in the database (for
 * logs, search and older clients). The UI's translations live under `summaries.<key>`.
 */
export const SUMMARY_TEMPLATES = {
  'setup.completed': 'Office "{{office}}" set up; owner {{username}} created',
  'auth.loggedIn': '{{username}} logged in',
  'auth.loggedOut': '{{username}} logged out',
  'auth.unknownUser': 'Failed login for unknown user "{{username}}"',
  'auth.wrongPassword': 'Wrong password for {{username}} ({{failed}} of {{max}})',
  'auth.lockedNow': 'Wrong password for {{username}}; account locked until {{until}}',
  'auth.refusedLocked': 'Login refused: {{username}} is locked',
  'auth.refusedDisabled': 'Login refused: {{username}} is disabled',
  'auth.passwordChanged': '{{username}} changed their password',
  'auth.languageChanged': '{{username}} switched the language to {{language}}',
  'users.created': 'Created user {{username}} ({{role}})',
  'users.updated': 'Updated user {{username}}',
  'users.disabled': 'Disabled user {{username}}',
  'users.enabled': 'Enabled user {{username}}',
  'users.passwordReset': 'Reset the password of {{username}}',
  'users.unlocked': 'Unlocked user {{username}}',
  'settings.changed': 'Changed the {{group}} settings',
  'jobs.startedByHand': 'Started the job {{job}} by hand',
  'routers.created': 'Added router {{name}} ({{host}})',
  'routers.updated': 'Changed router {{name}}',
  'routers.removed': 'Removed router {{name}}',
  'routers.repaired': 'Queued {{count}} repair(s) for router {{name}}',
  'isolation.applied': 'Queued {{count}} isolation set-up change(s) for router {{name}}',
  'routers.reconciled': 'Checked {{routers}} router(s): {{drift}} difference(s) found, {{queued}} repair(s) queued, {{unreachable}} unreachable',
  'routers.jobsRetried': 'Retried {{count}} change(s) for router {{name}}',
  'routers.usageSampled': 'Read the traffic of {{users}} PPP session(s) on {{routers}} router(s), {{unreachable}} unreachable',
  'customers.created': 'Added customer {{number}} {{name}}',
  'customers.updated': 'Changed customer {{number}} {{name}}',
  'customers.statusChanged': 'Set customer {{number}} {{name}} to {{status}}',
  'customers.imported': 'Imported {{count}} customer(s) from a {{format}} file',
  'plans.created': 'Added plan {{name}} ({{price}})',
  'plans.updated': 'Changed plan {{name}}',
  'plans.archived': 'Archived plan {{name}}',
  'plans.unarchived': 'Made plan {{name}} available again',
  'subscriptions.created': 'Added PPPoE subscription {{username}} for {{customer}}',
  'subscriptions.updated': 'Changed subscription {{username}}',
  'subscriptions.activated': 'Activated {{username}} from {{date}}',
  'subscriptions.planChanged': 'Moved {{username}} from {{from}} to {{to}} on {{date}}',
  'subscriptions.paused': 'Paused {{username}} from {{date}}',
  'subscriptions.resumed': 'Resumed {{username}} from {{date}}',
  'subscriptions.terminated': 'Ended {{username}} on {{date}}',
  'subscriptions.isolated': 'Isolated {{username}}',
  'subscriptions.scheduled': 'Scheduled {{action}} of {{username}} for {{date}}',
  'subscriptions.scheduledCancelled': 'Cancelled the {{action}} of {{username}} scheduled for {{date}}',
  'subscriptions.scheduledApplied': 'Applied the {{action}} of {{username}} scheduled for {{date}}',
  'subscriptions.restored': 'Restored {{username}}',
  'subscriptions.promised': '{{username}} promised to pay by {{until}}',
  'subscriptions.promiseCleared': 'Cleared the promise to pay of {{username}}',
  'invoices.voided': 'Voided invoice {{number}}: {{reason}}',
  'invoices.charged': 'Charged {{customer}} {{amount}} ({{type}})',
  'payments.received': 'Received {{amount}} from {{customer}} (receipt {{number}})',
  'payments.reversed': 'Reversed payment {{number}} of {{amount}}: {{reason}}',
  'billing.adjusted': 'Adjusted the balance of {{customer}} by {{amount}}: {{reason}}',
  'billing.invoicesIssued': 'Issued {{created}} invoice(s) totalling {{total}}',
  'billing.enforced': 'Checked overdue bills: {{overdue}} overdue invoice(s), {{isolated}} isolated, {{restored}} restored, {{lateFees}} late fee(s)',
  'payments.refunded': 'Paid back {{amount}} of credit to {{customer}} ({{number}})',
  'gateway.checked': 'Online payments: asked the gateway about {{checked}} attempt(s): {{paid}} paid, {{expired}} expired, {{unanswered}} unanswered',
  'gateway.linkCreated': 'Payment link for {{what}}, valid until {{until}}',
  'gateway.linkRevoked': 'Payment link {{id}} revoked',
  'wa.reminders': 'WhatsApp: queued {{queued}} payment reminder(s)',
  'wa.broadcast': 'WhatsApp: queued a broadcast to {{queued}} customer(s)',
  'billing.isolationSetUp': 'Queued the isolation profile {{profile}} on router {{name}}',
  'billing.imported': 'Imported from router {{name}}: {{plans}} plan(s), {{customers}} customer(s), {{subscriptions}} subscription(s)',
  'vouchers.profileCreated': 'Added voucher profile {{name}} on {{router}}',
  'vouchers.profileUpdated': 'Changed voucher profile {{name}}',
  'vouchers.generated': 'Generated {{count}} voucher(s) of {{profile}} ({{comment}})',
  'vouchers.pushCancelled': 'Cancelled pushing batch {{comment}} after {{pushed}} voucher(s)',
  'vouchers.extended': 'Extended voucher {{code}} until {{until}}',
  'vouchers.disabled': 'Disabled voucher {{code}}',
  'vouchers.enabled': 'Enabled voucher {{code}}',
  'vouchers.sold': 'Sold {{count}} voucher(s) of {{profile}} for {{amount}}',
  'vouchers.outletSaved': 'Saved outlet {{name}}',
  'vouchers.handedOver': 'Handed {{count}} voucher(s) to {{outlet}}',
  'vouchers.outletPaid': 'Received {{amount}} from outlet {{outlet}}',
  'vouchers.tokensRotated': 'New login report tokens for {{routers}} router(s); {{profiles}} voucher profile(s) sent again',
  'vouchers.takenBack': 'Took {{count}} unused voucher(s) back from {{outlet}}',
  'vouchers.imported': 'Imported {{profiles}} voucher profile(s), {{batches}} batch(es) and {{vouchers}} voucher(s) from a router',
  'vouchers.templateSaved': 'Saved voucher template {{name}}',
  'vouchers.templateRemoved': 'Removed voucher template {{name}}',
  'vouchers.watched': 'Vouchers: {{firstLogins}} first login(s), {{expired}} expired, {{unreachable}} router(s) unreachable',
  'collections.handedOver': '{{collector}} handed over {{amount}} in cash ({{count}} payment(s), {{number}})',
  'collections.handoverConfirmed': 'Received hand-over {{number}} of {{collector}}: {{amount}} due, {{counted}} counted',
  'collections.handoverCancelled': 'Hand-over {{number}} of {{collector}} withdrawn or refused',
  'collections.areasSet': 'Areas of collector {{name}}: {{areas}}',
  'tickets.opened': 'Opened ticket {{number}} for {{customer}}',
  'tickets.assigned': 'Gave ticket {{number}} to {{name}}',
  'tickets.unassigned': 'Took ticket {{number}} off its assignee',
  'tickets.noted': 'Wrote an internal note on ticket {{number}}',
  'tickets.notedVisible': 'Wrote a note to the customer on ticket {{number}}',
  'tickets.stateChanged': 'Moved ticket {{number}} from {{from}} to {{to}}',
  'webhooks.created': 'Added webhook endpoint {{url}}',
  'webhooks.updated': 'Changed webhook endpoint {{url}}',
  'webhooks.rotated': 'New signing secret for webhook endpoint {{url}}',
  'webhooks.deleted': 'Removed webhook endpoint {{url}}',
  'webhooks.resent': 'Sent webhook delivery {{delivery}} again',
  'webhooks.tested': 'Sent a test event to webhook endpoint {{url}}',
  'apiKeys.created': 'Created API key {{name}}',
  'apiKeys.revoked': 'Revoked API key {{name}}',
  'backup.written': 'Wrote {{file}} ({{sizeBytes}} bytes); removed {{removed}} old backup(s)',
  'backup.alreadyThere': '{{file}} already existed; removed {{removed}} old backup(s)',
} as const;

export type SummaryKey = keyof typeof SUMMARY_TEMPLATES;
export type SummaryParams = Record<string, string | number | null>;

export interface Summary {
  key: SummaryKey;
  params: SummaryParams;
}

export function fillTemplate(template: string, params: SummaryParams): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

export function summaryText(s: Summary): string {
  return fillTemplate(SUMMARY_TEMPLATES[s.key], s.params);
}

export const summary = (key: SummaryKey, params: SummaryParams = {}): Summary => ({ key, params });
