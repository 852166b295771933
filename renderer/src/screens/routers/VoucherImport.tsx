import { Alert, Badge, Button, Group, Loader, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterDto, VoucherImportReport } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatRupiah } from '../../lib/format';
import { useCall } from '../../lib/useCall';
import { useLanguage } from '../../i18n';

interface Draft {
  name: string;
  price: number | '';
  sellingPrice: number | '';
  validity: string;
}

/** Keep a Mikhmon operator's stock: hotspot profiles → voucher profiles, batch users → vouchers. */
export function VoucherImport({ router, onClose }: { router: RouterDto; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const preview = useCall('vouchers.importPreview', { routerId: router.id });
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<VoucherImportReport | null>(null);
  const data = preview.data;

  useEffect(() => {
    if (!data) return;
    setDrafts(
      Object.fromEntries(
        data.profiles
          .filter((p) => !p.profileId && p.users > 0)
          .map((p) => [p.name, { name: p.name, price: p.mikhmon?.price ?? '', sellingPrice: p.mikhmon?.sellingPrice ?? '', validity: p.mikhmon?.validity ?? '' }]),
      ),
    );
  }, [data]);

  const set = (profile: string, patch: Partial<Draft>) => setDrafts((d) => ({ ...d, [profile]: { ...d[profile]!, ...patch } }));
  const complete = Object.values(drafts).filter((d) => d.name.trim() && d.price !== '' && d.sellingPrice !== '' && /^(\d+[wdhms])+$/.test(d.validity));
  const toImport = (data?.batches.reduce((a, b) => a + b.users, 0) ?? 0) + (data?.used.reduce((a, u) => a + u.users, 0) ?? 0);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('vouchers.importFromRouter', {
        routerId: router.id,
        profiles: Object.entries(drafts)
          .filter(([, d]) => complete.includes(d))
          .map(([profile, d]) => ({ profile, name: d.name.trim(), price: Number(d.price), sellingPrice: Number(d.sellingPrice), validity: d.validity })),
      });
      setReport(r);
      await preview.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{t('routerImport.vExplain')}</Text>
      {preview.loading && <Loader size="sm" />}
      <ErrorAlert error={preview.error ?? error} />
      {report && (
        <Alert color="green" data-testid="voucher-import-report">
          {t('routerImport.vReport', { profiles: report.profilesCreated, batches: report.batchesCreated, unused: report.unused, active: report.active, expired: report.expired })}
        </Alert>
      )}
      {data && (
        <>
          <Title order={5}>{t('routerImport.vProfiles')}</Title>
          <Table.ScrollContainer minWidth={640}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('routerImport.profile')}</Table.Th><Table.Th>{t('routerImport.vUsers')}</Table.Th><Table.Th>{t('routerImport.vName')}</Table.Th>
                  <Table.Th>{t('routerImport.vPrice')}</Table.Th><Table.Th>{t('routerImport.vSelling')}</Table.Th><Table.Th>{t('routerImport.vValidity')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.profiles.map((p) => (
                  <Table.Tr key={p.name} data-testid="voucher-import-profile" data-name={p.name}>
                    <Table.Td>
                      {p.name} {p.mikhmon && <Badge size="xs" variant="light">Mikhmon {formatRupiah(p.mikhmon.sellingPrice, lang)}</Badge>}
                    </Table.Td>
                    <Table.Td>{p.users}</Table.Td>
                    {p.profileId ? (
                      <Table.Td colSpan={4}><Badge variant="light">{t('routerImport.vMapped')}</Badge></Table.Td>
                    ) : drafts[p.name] ? (
                      <>
                        <Table.Td><TextInput size="xs" value={drafts[p.name]!.name} onChange={(e) => set(p.name, { name: e.currentTarget.value })} /></Table.Td>
                        <Table.Td><NumberInput size="xs" min={0} allowDecimal={false} thousandSeparator="." decimalSeparator="," value={drafts[p.name]!.price} onChange={(v) => set(p.name, { price: typeof v === 'number' ? v : '' })} /></Table.Td>
                        <Table.Td><NumberInput size="xs" min={0} allowDecimal={false} thousandSeparator="." decimalSeparator="," value={drafts[p.name]!.sellingPrice} onChange={(v) => set(p.name, { sellingPrice: typeof v === 'number' ? v : '' })} /></Table.Td>
                        <Table.Td><TextInput size="xs" w={70} placeholder="1d" value={drafts[p.name]!.validity} onChange={(e) => set(p.name, { validity: e.currentTarget.value.trim() })} /></Table.Td>
                      </>
                    ) : (
                      <Table.Td colSpan={4}><Text size="xs" c="dimmed">{t('routerImport.vNoUsers')}</Text></Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="sm" data-testid="voucher-import-summary">
            {t('routerImport.vSummary', { batches: data.batches.length, inBatches: data.batches.reduce((a, b) => a + b.users, 0), used: data.used.reduce((a, u) => a + u.users, 0), other: data.other, known: data.known })}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('routerImport.close')}</Button>
            <Button onClick={() => void run()} loading={busy} disabled={toImport === 0} data-testid="voucher-import-run">{t('routerImport.vRun', { count: toImport })}</Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
