import { Anchor, Button, Card, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCash, IconFileTypePdf, IconPrinter, IconX } from '@tabler/icons-react';
import { useRef, useState, type ReactNode } from 'react';
import type { InvoiceDetail } from '../../../../shared/contract';
import { useTranslation } from 'react-i18next';
import { call, isDesktop } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isForbidden, useCall } from '../../lib/useCall';
import { hrefOf } from '../../store/route';
import { useCan, useTimezone } from '../../store/session';
import { PaymentModal } from '../payments/PaymentModal';
import { PayLinkButton } from '../payments-online/PayLinkModal';
import { BackLink } from './BackLink';
import { InvoiceDocument } from './InvoiceDocument';
import { InvoiceStatus, isCreditNote, packageMonths, useKindLabel } from './lines';
import { formatPeriod, useRupiah } from './money';
import { DocStyles, PrintArea, useOfficeInfo, type PrintHandle } from './print';
import { ReasonModal } from './ReasonModal';

/** One invoice: the document with its arithmetic, what is paid and left, pay, print and (admins) void. */
export function InvoicePage({ id }: { id: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const tz = useTimezone();
  const rupiah = useRupiah();
  const office = useOfficeInfo();
  const canCollect = useCan('payments.collect');
  const canManage = useCan('billing.manage');
  const canCustomers = useCan('customers.read');
  const got = useCall('invoices.get', { id });
  // The customer's NPWP: in the invoice once the server sends it there, else from the customer's record.
  const customerNpwp = got.data?.customerNpwp ?? '';
  const [paying, setPaying] = useState(false);
  const [voiding, setVoiding] = useState(false);
  const [busy, setBusy] = useState(false);
  const printer = useRef<PrintHandle>(null);
  const kind = useKindLabel();
  if (isForbidden(got.error)) return <Forbidden />;
  const inv = got.data;
  const credit = inv ? isCreditNote(inv) : false;

  const print = async (what: 'print' | 'pdf') => {
    setBusy(true);
    try {
      if (what === 'print') await printer.current?.print();
      else await printer.current?.pdf(`${inv?.number ?? 'invoice'}.pdf`);
    } catch (err) {
      notifications.show({ color: 'red', message: t('billing.print.failed', { error: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  };
  const fact = (label: string, value: ReactNode, testId?: string) => (
    <Group justify="space-between" wrap="nowrap" gap="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} ta="right" data-testid={testId}>
        {value}
      </Text>
    </Group>
  );

  return (
    <Stack gap={0} data-testid="screen-invoice">
      <DocStyles />
      <BackLink to="invoices" label={t('billing.invoices.backToList')} />
      <ErrorAlert error={got.error} />
      {got.loading && !inv && <Loader size="sm" />}
      {inv && (
        <>
          <Group justify="space-between" align="flex-start" mb="md" gap="sm">
            <div>
              <Group gap="xs">
                <Title order={2} size="h3" data-testid="invoice-number">
                  {t(credit ? 'billing.invoice.pageTitleCredit' : 'billing.invoice.pageTitle', { number: inv.number })}
                </Title>
                <InvoiceStatus invoice={inv} size="lg" />
              </Group>
              <Text size="sm" c="dimmed" mt={4}>
                {inv.customerName} · {packageMonths(inv.lines) ? t('billing.invoice.packageKind', { months: packageMonths(inv.lines) }) : kind(inv)}
              </Text>
            </div>
            <Group gap="xs">
              {canCollect && inv.status !== 'void' && (inv.remaining > 0 || inv.customerBalance > 0) && (
                <Button leftSection={<IconCash size={16} />} onClick={() => setPaying(true)} data-testid="invoice-pay">
                  {t('billing.invoice.pay')}
                </Button>
              )}
              {canCollect && !credit && inv.status !== 'void' && inv.remaining > 0 && <PayLinkButton target={{ invoiceId: inv.id, number: inv.number, name: inv.customerName, whatsapp: inv.customerPhone }} />}
              <Button variant="default" leftSection={<IconPrinter size={16} />} loading={busy} onClick={() => void print('print')} data-testid="invoice-print">
                {t('billing.print.print')}
              </Button>
              {isDesktop() && (
                <Button variant="default" leftSection={<IconFileTypePdf size={16} />} loading={busy} onClick={() => void print('pdf')} data-testid="invoice-pdf">
                  {t('billing.print.pdf')}
                </Button>
              )}
              {canManage && inv.status !== 'void' && (
                <Button variant="subtle" color="red" leftSection={<IconX size={16} />} onClick={() => setVoiding(true)} data-testid="invoice-void">
                  {credit ? t('billing.invoice.voidCredit') : t('billing.invoice.void')}
                </Button>
              )}
            </Group>
          </Group>
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 8 }} order={{ base: 2, lg: 1 }}>
              <Paper withBorder shadow="xs" p={{ base: 'sm', sm: 'xl' }}>
                <InvoiceDocument invoice={inv} office={office} customerNpwp={customerNpwp} testIds />
              </Paper>
              {!isDesktop() && (
                <Text size="xs" c="dimmed" ta="center" mt="xs">
                  {t('billing.print.browserHint')}
                </Text>
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }} order={{ base: 1, lg: 2 }}>
              <Stack gap="sm">
                <Card withBorder padding="md" data-testid="invoice-summary">
                  <Stack gap={6}>
                    {credit ? (
                      fact(t('billing.invoice.creditAmount'), <Text span fw={700} c={inv.status === 'void' ? 'dimmed' : 'teal.8'}>{rupiah(-inv.total)}</Text>, 'invoice-summary-credit')
                    ) : (
                      <>
                        {fact(t('billing.invoice.total'), rupiah(inv.total))}
                        {fact(t('billing.invoice.paid'), rupiah(inv.paid))}
                        {fact(t('billing.invoice.remaining'), <Text span fw={700} c={inv.remaining > 0 ? 'red.8' : 'green.8'}>{rupiah(inv.remaining)}</Text>, 'invoice-summary-remaining')}
                      </>
                    )}
                    {fact(
                      t('billing.invoice.customerBalance'),
                      inv.customerBalance > 0 ? rupiah(inv.customerBalance) : inv.customerBalance < 0 ? t('billing.pay.credit', { amount: rupiah(-inv.customerBalance) }) : t('billing.pay.settled'),
                    )}
                    {canCustomers && (
                      <Anchor href={hrefOf(`customers/${inv.customerId}`)} size="sm" data-testid="invoice-customer-link">
                        {t('billing.invoice.openCustomer', { name: inv.customerName })}
                      </Anchor>
                    )}
                  </Stack>
                </Card>
                <Card withBorder padding="md" data-testid="invoice-payments">
                  <Text fw={600} mb="xs">
                    {credit ? t('billing.invoice.creditUseTitle') : t('billing.invoice.payments')}
                  </Text>
                  {credit ? (
                    <Text size="sm" c="dimmed" data-testid="invoice-credit-use">
                      {t('billing.invoice.creditUse')}
                    </Text>
                  ) : inv.payments.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('billing.invoice.noPayments')}
                    </Text>
                  ) : (
                    <Stack gap={6}>
                      {inv.payments.map((p) => (
                        <Group key={`${p.kind}-${p.id}`} justify="space-between" wrap="nowrap" gap="xs" data-testid="invoice-payment" data-kind={p.kind}>
                          <div style={{ minWidth: 0 }}>
                            {/* A credit note is an invoice of its own; a payment has its receipt page. */}
                            <Anchor href={hrefOf(p.kind === 'credit' ? `invoices/${p.id}` : `payments/${p.id}`)} size="sm" ff="monospace">
                              {p.number}
                            </Anchor>
                            <Text size="xs" c="dimmed">
                              {p.kind === 'credit' ? t('billing.invoice.creditItem') : t('billing.invoice.paymentItem')} · {formatDateTime(p.receivedAt, tz, lang)}
                            </Text>
                          </div>
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {rupiah(p.amount)}
                          </Text>
                        </Group>
                      ))}
                    </Stack>
                  )}
                </Card>
              </Stack>
            </Grid.Col>
          </Grid>
          <PrintArea size="A4" ref={printer}>
            <InvoiceDocument invoice={inv} office={office} customerNpwp={customerNpwp} />
          </PrintArea>
          <PaymentModal opened={paying} onClose={() => setPaying(false)} customerId={inv.customerId} onPaid={() => void got.reload()} />
          <ReasonModal
            opened={voiding}
            title={credit && inv.kind === 'manual' ? t('billing.invoice.voidTitleCredit', { number: inv.number }) : t('billing.invoice.voidTitle', { number: inv.number })}
            body={<VoidBody invoice={inv} />}
            confirmLabel={credit && inv.kind === 'manual' ? t('billing.invoice.voidCredit') : t('billing.invoice.void')}
            onClose={() => setVoiding(false)}
            onConfirm={async (reason) => {
              await call('invoices.void', { id: inv.id, reason });
              setVoiding(false);
              notifications.show({ color: 'green', message: t('billing.invoice.voided', { number: inv.number }) });
              await got.reload();
            }}
          />
        </>
      )}
    </Stack>
  );
}

/** What voiding THIS invoice does, by kind: waive a period, undo a change, cancel a charge or credit note. */
function VoidBody({ invoice: inv }: { invoice: InvoiceDetail }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rupiah = useRupiah();
  const kind = useKindLabel();
  const period = inv.periodStart && inv.periodEnd ? formatPeriod(inv.periodStart, inv.periodEnd, lang) : '';
  const username = inv.username ?? '';
  const credit = isCreditNote(inv);
  const what =
    inv.kind === 'period' || inv.kind === 'activation'
      ? t(`billing.invoice.voidWhat.${inv.kind}`, { period })
      : inv.kind === 'change' || inv.kind === 'final'
        ? t(`billing.invoice.voidWhat.${inv.kind}`, { username })
        : inv.chargeType === 'credit' || inv.total < 0
          ? t('billing.invoice.voidWhat.credit', { amount: rupiah(-inv.total) })
          : t('billing.invoice.voidWhat.charge', { type: kind(inv) });
  // The money side: what was paid on it moves on; a credit it gave is taken back.
  const money =
    inv.kind !== 'manual' && credit
      ? t('billing.invoice.voidCreditBack', { amount: rupiah(-inv.total) })
      : !credit && inv.paid > 0
        ? t('billing.invoice.voidPaid', { amount: rupiah(inv.paid) })
        : null;
  return (
    <Stack gap="xs" data-testid="void-body" data-kind={inv.kind}>
      <Text size="sm" fw={500}>
        {what}
      </Text>
      {money && <Text size="sm">{money}</Text>}
      <Text size="sm" c="dimmed">
        {t('billing.invoice.voidKept')}
      </Text>
    </Stack>
  );
}
