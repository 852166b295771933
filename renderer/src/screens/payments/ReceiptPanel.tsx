import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentDto } from '../../../../shared/contract';
import { isDesktop } from '../../api/client';
import { DocStyles, PrintArea, useOfficeInfo, type PrintHandle, type PrintSize } from '../invoices/print';
import { ReceiptDocument } from './ReceiptDocument';

const KEY = 'mb.receiptSize';
const SIZES: PrintSize[] = ['58mm', '80mm', 'A4'];

function storedSize(): PrintSize {
  try {
    const v = localStorage.getItem(KEY);
    return SIZES.includes(v as PrintSize) ? (v as PrintSize) : '58mm';
  } catch {
    return '58mm';
  }
}

/** The receipt as it will print, the paper size (remembered on this computer) and "Print". */
export function ReceiptPanel({ payment }: { payment: PaymentDto }) {
  const { t } = useTranslation();
  const office = useOfficeInfo();
  const [size, setSize] = useState<PrintSize>(storedSize);
  const [busy, setBusy] = useState(false);
  const printer = useRef<PrintHandle>(null);

  const choose = (v: string) => {
    const s = SIZES.includes(v as PrintSize) ? (v as PrintSize) : '58mm';
    setSize(s);
    try {
      localStorage.setItem(KEY, s);
    } catch {
      // Not remembered; it still applies now.
    }
  };
  const run = async (what: 'print' | 'pdf') => {
    setBusy(true);
    try {
      if (what === 'print') await printer.current?.print();
      else await printer.current?.pdf(`${payment.number}.pdf`);
    } catch (err) {
      notifications.show({ color: 'red', message: t('billing.print.failed', { error: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <DocStyles />
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" c="dimmed">
            {t('billing.print.paper')}
          </Text>
          <SegmentedControl size="xs" value={size} onChange={choose} data={SIZES.map((s) => ({ value: s, label: t(`billing.print.sizes.${s}`) }))} data-testid="receipt-size" />
        </Group>
        <Group gap="xs">
          {isDesktop() && (
            <Button variant="default" leftSection={<IconFileTypePdf size={16} />} loading={busy} onClick={() => void run('pdf')} data-testid="receipt-pdf">
              {t('billing.print.pdf')}
            </Button>
          )}
          <Button leftSection={<IconPrinter size={16} />} loading={busy} onClick={() => void run('print')} data-testid="receipt-print">
            {t('billing.print.print')}
          </Button>
        </Group>
      </Group>
      <Paper withBorder shadow="xs" p={size === 'A4' ? 'lg' : 0} mx="auto" maw="100%" style={{ overflowX: 'auto', width: size === 'A4' ? '100%' : 'fit-content' }} data-testid="receipt" data-number={payment.number}>
        <ReceiptDocument payment={payment} office={office} size={size} />
      </Paper>
      {!isDesktop() && (
        <Text size="xs" c="dimmed" ta="center">
          {t('billing.print.browserHint')}
        </Text>
      )}
      <PrintArea size={size} ref={printer}>
        <ReceiptDocument payment={payment} office={office} size={size} />
      </PrintArea>
    </Stack>
  );
}
