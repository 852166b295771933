import { Alert, Anchor, Button, Group, Loader, Progress, Select, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf, IconInfoCircle, IconPrinter, IconTemplate } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Forbidden } from '../../../components/Forbidden';
import { ErrorText } from '../../../lib/errors';
import { isForbidden, useCall } from '../../../lib/useCall';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useCan } from '../../../store/session';
import { hrefOf } from '../../../store/route';
import { pageCount, perPage } from './engine/sheet';
import { documentOf, isDesktopApp, pdfBaseName, pdfOnDesktop, printOnDesktop } from './output';
import { SheetFrame, type SheetFrameHandle } from './SheetFrame';
import { DEFAULT_TEMPLATE, useFormatters, useTemplateOptions } from './useTemplates';
import { useSheet } from './useSheet';
import { useVoucherProgress, type PushProgress } from '../progress';

const STORE_KEY = 'mb.print.template';

/** The print sheet of a batch or of chosen vouchers: template, QR codes, the real document, print and PDF. */
export function PrintView({ batchId, ids }: { batchId?: number; ids?: number[] }) {
  const { t } = useTranslation();
  const canSettings = useCan('settings.read');
  const canManage = useCan('vouchers.manage');
  const phone = useIsPhone();
  const input = batchId !== undefined ? { batchId } : { ids: ids ?? [] };
  const valid = batchId !== undefined || (ids?.length ?? 0) > 0;
  const data = useCall('vouchers.printData', input, valid);
  // Only what reached the router prints: a batch still being sent is printed again once its push ends.
  const reloadData = data.reload;
  const followPush = useCallback(
    (p: PushProgress) => {
      if (p.batchId === batchId && p.status !== 'pushing') void reloadData();
    },
    [batchId, reloadData],
  );
  const { live } = useVoucherProgress(followPush);
  // A push that ended before this screen listened sends no more events: look again now and then meanwhile.
  const waiting = (data.data?.sending ?? 0) > 0;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void reloadData(), 3000);
    return () => clearInterval(timer);
  }, [waiting, reloadData]);
  const progress = batchId !== undefined ? live.get(batchId) : undefined;
  const sending = progress ? (progress.status === 'pushing' ? progress.total - progress.pushed : 0) : (data.data?.sending ?? 0);
  const templates = useTemplateOptions();
  const fmt = useFormatters();
  const [key, setKey] = useState(() => localStorage.getItem(STORE_KEY) ?? DEFAULT_TEMPLATE);
  const option = templates.options.find((o) => o.key === key) ?? (templates.loading ? null : templates.options[0]!);
  const anyLogin = (data.data?.routers ?? []).some((r) => r.loginUrl);
  const [qrWanted, setQrWanted] = useState(true);
  const qr = qrWanted && anyLogin;
  const sheet = useSheet(data.data, option?.source ?? null, qr, fmt, 50);
  const frame = useRef<SheetFrameHandle>(null);
  const [busy, setBusy] = useState<'print' | 'pdf' | null>(null);

  const title = data.data?.vouchers[0] ? (batchId !== undefined ? data.data.vouchers[0].comment : `${data.data.vouchers.length} voucher`) : t('printing.title');
  const html = useMemo(() => (sheet.rendered ? documentOf(sheet.rendered, title) : ''), [sheet.rendered, title]);
  if (isForbidden(data.error)) return <Forbidden />;

  const choose = (k: string | null) => {
    if (!k) return;
    setKey(k);
    localStorage.setItem(STORE_KEY, k);
  };
  const run = async (what: 'print' | 'pdf') => {
    const r = sheet.rendered;
    if (!r) return;
    setBusy(what);
    try {
      if (!isDesktopApp()) {
        if (what === 'pdf') notifications.show({ color: 'blue', message: t('printing.pdfBrowserHint') });
        frame.current?.print();
      } else if (what === 'print') {
        const parts = await printOnDesktop(r, title);
        if (parts > 1) notifications.show({ color: 'blue', message: t('printing.printParts', { count: parts }) });
      } else {
        const files = await pdfOnDesktop(r, title, pdfBaseName(title));
        notifications.show({ color: 'green', message: t('printing.pdfSaved', { file: files.join(', ') }) });
      }
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    } finally {
      setBusy(null);
    }
  };

  const count = data.data?.vouchers.length ?? 0;
  const layout = sheet.rendered?.layout ?? (option ? { paper: option.source.paper, columns: option.source.columns, rows: option.source.rows } : null);
  const summary = !layout
    ? ''
    : layout.paper === 'a4'
      ? t('printing.summaryA4', { count, pages: pageCount(count, layout), perPage: perPage(layout) })
      : t('printing.summaryRoll', { count, paper: t(`printing.papers.${layout.paper}`) });
  const ready = !!sheet.rendered && !sheet.progress && count > 0;

  return (
    <div data-testid="screen-voucher-print">
      <Stack gap="sm">
        {!valid && (
          <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} data-testid="print-pick">
            {t('printing.pick')}
          </Alert>
        )}
        {summary && valid && (
          <Text size="sm" c="dimmed" data-testid="print-summary">
            {summary}
          </Text>
        )}
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label={t('printing.template')}
            data={templates.options.map((o) => ({ value: o.key, label: o.builtin ? o.name : `${o.name} · ${t(`printing.papers.${o.source.paper}`)}` }))}
            value={option?.key ?? null}
            onChange={choose}
            allowDeselect={false}
            w={{ base: '100%', sm: 300 }}
            data-testid="print-template"
          />
          <Switch label={t('printing.qr')} checked={qr} disabled={!anyLogin} onChange={(e) => setQrWanted(e.currentTarget.checked)} mb={8} data-testid="print-qr" />
          <Group gap="xs" ml={{ sm: 'auto' }} grow={phone} w={phone ? '100%' : undefined}>
            {canManage && !phone && (
              <Button component="a" href={hrefOf('vouchers/templates')} variant="subtle" leftSection={<IconTemplate size={16} />}>
                {t('printing.manageTemplates')}
              </Button>
            )}
            <Button variant="default" leftSection={<IconFileTypePdf size={16} />} disabled={!ready} loading={busy === 'pdf'} onClick={() => void run('pdf')} data-testid="print-pdf">
              {t('printing.pdf')}
            </Button>
            <Button leftSection={<IconPrinter size={16} />} disabled={!ready} loading={busy === 'print'} onClick={() => void run('print')} data-testid="print-print">
              {t('printing.print')}
            </Button>
          </Group>
        </Group>
        {data.data && !anyLogin && count > 0 && (
          <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} data-testid="print-no-login-url">
            {t('printing.noLoginUrl')}{' '}
            {canSettings && <Anchor inherit href={hrefOf('settings/vouchers')}>{t('printing.openSettings')}</Anchor>}
          </Alert>
        )}
        {qr && <Text size="xs" c="dimmed">{t('printing.qrHint')}</Text>}
        <ErrorAlert error={data.error ?? templates.error ?? sheet.error} />
        {sending > 0 && (
          <Alert color="blue" variant="light" icon={<Loader size={16} />} data-testid="print-pushing">
            {t('printing.stillPushing', { count: sending })}
          </Alert>
        )}
        {data.data && count === 0 && sending === 0 && (
          <Alert color="gray" data-testid="print-nothing">
            {t('printing.nothing')}
          </Alert>
        )}
        {(data.loading || (sheet.progress && sheet.progress.total > 0)) && (
          <Stack gap={4} data-testid="print-progress">
            {sheet.progress ? (
              <>
                <Progress value={(sheet.progress.done / Math.max(1, sheet.progress.total)) * 100} animated />
                <Text size="sm" c="dimmed">
                  {t('printing.preparing', { done: sheet.progress.done, total: sheet.progress.total })}
                </Text>
              </>
            ) : (
              <Loader size="sm" />
            )}
          </Stack>
        )}
        {html && count > 0 && layout && <SheetFrame ref={frame} html={html} paper={layout.paper} height={phone ? 560 : 'max(420px, calc(100vh - 330px))'} title={t('printing.title')} testId="print-frame" />}
      </Stack>
    </div>
  );
}
