import { Alert, Badge, Button, Checkbox, Group, Loader, NumberInput, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterDto, RouterImportReport } from '../../../../shared/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';

interface PlanDraft {
  name: string;
  price: number | '';
}

/** Adopt a router's PPPoE side: its PPP profiles become plans (priced here) and its secrets customers with subscriptions. */
export function PppImport({ router, onClose }: { router: RouterDto; onClose: () => void }) {
  const { t } = useTranslation();
  const preview = useCall('billing.importPreview', { routerId: router.id });
  const [plans, setPlans] = useState<Record<string, PlanDraft>>({});
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [anchorDay, setAnchorDay] = useState<number | ''>(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<RouterImportReport | null>(null);
  const data = preview.data;

  useEffect(() => {
    if (!data) return;
    setPlans(Object.fromEntries(data.profiles.filter((p) => !p.planId).map((p) => [p.name, { name: p.name, price: '' as const }])));
    setChosen(new Set(data.secrets.filter((s) => !s.problem).map((s) => s.name)));
  }, [data]);

  const needed = useMemo(() => new Set(data?.secrets.filter((s) => chosen.has(s.name)).map((s) => s.profile) ?? []), [data, chosen]);
  const ready = chosen.size > 0 && [...needed].every((p) => data?.profiles.find((x) => x.name === p)?.planId || (plans[p] && plans[p].price !== '' && plans[p].name.trim().length >= 2));

  const run = async () => {
    if (!data) return;
    setBusy(true);
    setError(null);
    try {
      const r = await call('billing.importFromRouter', {
        routerId: router.id,
        anchorDay: anchorDay === '' ? 1 : anchorDay,
        secrets: [...chosen],
        plans: Object.entries(plans)
          .filter(([profile, p]) => needed.has(profile) && p.price !== '')
          .map(([profile, p]) => ({ profile, name: p.name.trim(), price: Number(p.price) })),
      });
      setReport(r);
      await preview.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (name: string, on: boolean) => setChosen((c) => { const n = new Set(c); if (on) n.add(name); else n.delete(name); return n; });

  return (
    <Stack gap="sm">
        <Text size="sm" c="dimmed">{t('routerImport.explain')}</Text>
        {preview.loading && <Loader size="sm" />}
        <ErrorAlert error={preview.error ?? error} />
        {report && (
          <Alert color="green" data-testid="import-report">
            {t('routerImport.report', { plans: report.plansCreated, customers: report.customersCreated, subscriptions: report.subscriptionsCreated, paused: report.paused })}
            {report.skipped.length > 0 && (
              <Text size="sm" mt={4}>
                {t('routerImport.skipped')}: {report.skipped.map((s) => `${s.name} (${t(`routerImport.problems.${s.reason}`, { defaultValue: s.reason })})`).join(', ')}
              </Text>
            )}
          </Alert>
        )}
        {data && (
          <>
            <Title order={5}>{t('routerImport.profiles')}</Title>
            <Table.ScrollContainer minWidth={560}>
              <Table>
                <Table.Thead>
                  <Table.Tr><Table.Th>{t('routerImport.profile')}</Table.Th><Table.Th>{t('routerImport.rateLimit')}</Table.Th><Table.Th>{t('routerImport.secretsCount')}</Table.Th><Table.Th>{t('routerImport.planName')}</Table.Th><Table.Th>{t('routerImport.price')}</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.profiles.filter((p) => p.secrets > 0 || p.planId).map((p) => (
                    <Table.Tr key={p.name} data-testid="import-profile" data-name={p.name}>
                      <Table.Td>{p.name}</Table.Td>
                      <Table.Td>{p.rateLimit || '—'}</Table.Td>
                      <Table.Td>{p.secrets}</Table.Td>
                      {p.planId ? (
                        <Table.Td colSpan={2}><Badge variant="light">{t('routerImport.existingPlan', { name: p.planName })}</Badge></Table.Td>
                      ) : (
                        <>
                          <Table.Td><TextInput size="xs" value={plans[p.name]?.name ?? ''} onChange={(e) => { const name = e.currentTarget.value; setPlans((x) => ({ ...x, [p.name]: { name, price: x[p.name]?.price ?? '' } })); }} data-testid="import-plan-name" /></Table.Td>
                          <Table.Td><NumberInput size="xs" min={0} step={5000} allowDecimal={false} thousandSeparator="." decimalSeparator="," value={plans[p.name]?.price ?? ''} onChange={(v) => setPlans((x) => ({ ...x, [p.name]: { name: x[p.name]?.name ?? p.name, price: typeof v === 'number' ? v : '' } }))} data-testid="import-plan-price" /></Table.Td>
                        </>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between">
              <Title order={5}>{t('routerImport.secrets')}</Title>
              <Button size="xs" variant="subtle" onClick={() => setChosen(new Set(data.secrets.filter((s) => !s.problem).map((s) => s.name)))}>{t('routerImport.selectAll')}</Button>
            </Group>
            <ScrollArea.Autosize mah={300}>
              <Table striped miw={520}>
                <Table.Tbody>
                  {data.secrets.map((s) => (
                    <Table.Tr key={s.name} data-testid="import-secret" data-name={s.name}>
                      <Table.Td><Checkbox aria-label={s.name} disabled={s.problem !== null} checked={chosen.has(s.name)} onChange={(e) => toggle(s.name, e.currentTarget.checked)} /></Table.Td>
                      <Table.Td>{s.name}</Table.Td>
                      <Table.Td>{s.profile}</Table.Td>
                      <Table.Td>
                        {s.customerName}{' '}
                        {s.problem !== 'imported' && <Badge size="xs" variant="outline">{s.customerId ? t('routerImport.existingCustomer') : t('routerImport.newCustomer')}</Badge>}
                        {s.disabled && <Badge size="xs" color="gray" ml={4}>{t('routerImport.disabled')}</Badge>}
                      </Table.Td>
                      <Table.Td>{s.problem && <Badge color="orange" variant="light" style={{ whiteSpace: 'nowrap', overflow: 'visible' }}>{t(`routerImport.problems.${s.problem}`)}</Badge>}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            <Text size="sm" c="dimmed">{t('routerImport.hotspot', { profiles: data.hotspot.profiles, users: data.hotspot.users, batches: data.hotspot.mikhmonBatches.length })}</Text>
            <Group justify="space-between" align="flex-end">
              <NumberInput label={t('routerImport.anchorDay')} min={1} max={28} w={200} value={anchorDay} onChange={(v) => setAnchorDay(typeof v === 'number' ? v : '')} allowDecimal={false} />
              <Group>
                <Button variant="default" onClick={onClose}>{t('routerImport.close')}</Button>
                <Button onClick={() => void run()} loading={busy} disabled={!ready} data-testid="import-run">{t('routerImport.run', { count: chosen.size })}</Button>
              </Group>
            </Group>
            {!ready && !report && <Text size="xs" c="dimmed">{t('routerImport.nothing')}</Text>}
          </>
        )}
    </Stack>
  );
}
