import { Alert, Badge, Button, Checkbox, Group, Loader, NumberInput, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterDto, VoucherImportPreview, VoucherImportReport } from '../../../../shared/contract';
import type { ImportProfileChoice } from '../../../../shared/contract/voucher-import';
import type { VoucherExpiry } from '../../../../shared/contract/vouchers';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatRupiah } from '../../lib/format';
import { useLanguage } from '../../i18n';
import { RouterChanges } from './VoucherImportChanges';

interface Draft {
  include: boolean;
  name: string;
  price: number | '';
  sellingPrice: number | '';
  validity: string;
  expiry: VoucherExpiry;
}

const DURATION = /^(\d+[wdhms])+$/;
const choiceOf = (profile: string, d: Draft): ImportProfileChoice | null =>
  d.include && d.name.trim() && d.price !== '' && d.sellingPrice !== '' && (d.expiry === 'never' || DURATION.test(d.validity))
    ? { profile, name: d.name.trim(), price: d.price, sellingPrice: d.sellingPrice, validity: d.expiry === 'never' ? null : d.validity, expiry: d.expiry }
    : null;

/**
 * Keep a Mikhmon operator's stock: hotspot profiles → voucher profiles, batch users → vouchers. Per profile the
 * operator chooses who ends its vouchers; the server works out (on the same router read the import will use)
 * every change that makes on the router, and the import refuses to do anything else.
 */
export function VoucherImport({ router, onClose }: { router: RouterDto; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [data, setData] = useState<VoucherImportPreview | null>(null);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [planFor, setPlanFor] = useState<string | null>(null);
  const [computing, setComputing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<VoucherImportReport | null>(null);
  const seq = useRef(0);

  const load = async (snapshot?: string, profiles?: ImportProfileChoice[]) => {
    const n = ++seq.current;
    setComputing(true);
    try {
      const pv = await call('vouchers.importPreview', { routerId: router.id, ...(snapshot ? { snapshot } : {}), ...(profiles ? { profiles } : {}) });
      if (n !== seq.current) return null;
      setData(pv);
      setPlanFor(JSON.stringify(pv.proposal));
      setError(null);
      return pv;
    } catch (err) {
      if (n === seq.current) setError(err);
      return null;
    } finally {
      if (n === seq.current) setComputing(false);
    }
  };

  const fresh = async () => {
    const pv = await load();
    if (!pv) return;
    const proposed = new Map(pv.proposal.map((p) => [p.profile, p]));
    setDrafts(
      Object.fromEntries(
        pv.profiles
          .filter((p) => !p.profileId && p.users > 0)
          .map((p) => {
            const c = proposed.get(p.name);
            return [p.name, { include: true, name: c?.name ?? p.name, price: c?.price ?? '', sellingPrice: c?.sellingPrice ?? '', validity: c?.validity ?? '', expiry: c?.expiry ?? p.choices[0]! }];
          }),
      ),
    );
  };

  useEffect(() => {
    void fresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read the router once per router shown, not on every render of fresh()
  }, [router.id]);

  const choices = useMemo(() => Object.entries(drafts).flatMap(([profile, d]) => choiceOf(profile, d) ?? []), [drafts]);
  const wanted = JSON.stringify(choices);
  // The changes shown must be the ones for these choices: recomputed (same router read) when they change.
  useEffect(() => {
    if (!data || wanted === planFor) return;
    const timer = setTimeout(() => void load(data.snapshot, choices), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the serialised choices: the choices array is new on every render
  }, [wanted, planFor, data?.snapshot]);

  const set = (profile: string, patch: Partial<Draft>) => setDrafts((d) => ({ ...d, [profile]: { ...d[profile]!, ...patch } }));
  const included = new Set(choices.map((c) => c.profile));
  const toImport = data
    ? data.batches.filter((b) => included.has(b.profile)).reduce((a, b) => a + b.users, 0) + data.used.filter((u) => included.has(u.profile)).reduce((a, u) => a + u.users, 0)
    : 0;
  const upToDate = data !== null && wanted === planFor && !computing;

  const run = async () => {
    if (!data) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await call('vouchers.importFromRouter', { routerId: router.id, snapshot: data.snapshot, changesKey: data.changesKey, profiles: choices }));
      await fresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const label = (c: VoucherExpiry) => t(c === 'router' ? 'routerImport.vChoiceRouter' : c === 'app' ? 'routerImport.vChoiceApp' : 'routerImport.vChoiceNever');
  const hint = (c: VoucherExpiry) => t(c === 'router' ? 'routerImport.vChoiceRouterHint' : c === 'app' ? 'routerImport.vChoiceAppHint' : 'routerImport.vChoiceNeverHint');

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{t('routerImport.vExplain')}</Text>
      {!data && computing && <Loader size="sm" />}
      <ErrorAlert error={error} />
      {report && (
        <Alert color="green" data-testid="voucher-import-report">
          {t('routerImport.vReport', { profiles: report.profilesCreated, batches: report.batchesCreated, unused: report.unused, active: report.active, expired: report.expired })}
        </Alert>
      )}
      {data && (
        <>
          <Group justify="space-between" gap="xs">
            <Title order={5}>{t('routerImport.vProfiles')}</Title>
            <Group gap="xs">
              <Text size="xs" c="dimmed">{t('routerImport.vReadAt', { time: new Date(data.readAt).toLocaleTimeString(lang === 'id' ? 'id-ID' : 'en-GB') })}</Text>
              <Button size="compact-xs" variant="subtle" onClick={() => void fresh()} data-testid="voucher-import-reread">{t('routerImport.vReadAgain')}</Button>
            </Group>
          </Group>
          {data.profiles.map((p) => {
            const d = drafts[p.name];
            const mine = data.changes.filter((c) => c.profile === p.name);
            return (
              <Paper key={p.name} withBorder p="sm" data-testid="voucher-import-profile" data-name={p.name}>
                <Stack gap="xs">
                  <Group gap="xs">
                    <Text fw={600}>{p.name}</Text>
                    <Text size="sm" c="dimmed">{t('routerImport.vUsers')}: {p.users}</Text>
                    {p.mikhmon && <Badge size="sm" variant="light">Mikhmon {formatRupiah(p.mikhmon.sellingPrice, lang)}{p.mikhmon.validity ? ` · ${p.mikhmon.validity}` : ''}</Badge>}
                    {p.mikhmon?.expiryMode === 'none' && <Badge size="sm" variant="light" color="teal">{t('routerImport.vNoExp')}</Badge>}
                  </Group>
                  {p.profileId ? (
                    <Badge variant="light">{t('routerImport.vMapped')}</Badge>
                  ) : !d ? (
                    <Text size="xs" c="dimmed">{t('routerImport.vNoUsers')}</Text>
                  ) : (
                    <>
                      <Checkbox size="xs" label={t('routerImport.vSkip')} checked={!d.include} onChange={(e) => set(p.name, { include: !e.currentTarget.checked })} data-testid="voucher-import-skip" />
                      {d.include && (
                        <>
                          <SimpleGrid cols={{ base: 1, sm: d.expiry === 'never' ? 3 : 4 }} spacing="xs">
                            <TextInput size="xs" label={t('routerImport.vName')} value={d.name} onChange={(e) => set(p.name, { name: e.currentTarget.value })} data-testid="voucher-import-name" />
                            <NumberInput size="xs" label={t('routerImport.vPrice')} min={0} allowDecimal={false} thousandSeparator="." decimalSeparator="," value={d.price} onChange={(v) => set(p.name, { price: typeof v === 'number' ? v : '' })} />
                            <NumberInput size="xs" label={t('routerImport.vSelling')} min={0} allowDecimal={false} thousandSeparator="." decimalSeparator="," value={d.sellingPrice} onChange={(v) => set(p.name, { sellingPrice: typeof v === 'number' ? v : '' })} />
                            {d.expiry !== 'never' && (
                              <TextInput size="xs" label={t('routerImport.vValidity')} placeholder="1d" value={d.validity} onChange={(e) => set(p.name, { validity: e.currentTarget.value.trim() })} data-testid="voucher-import-validity" />
                            )}
                          </SimpleGrid>
                          <Stack gap={4}>
                            <Text size="xs" fw={500}>{t('routerImport.vChoice')}</Text>
                            {p.choices.length > 1 ? (
                              <SegmentedControl
                                size="xs"
                                fullWidth
                                data={p.choices.map((c) => ({ value: c, label: label(c) }))}
                                value={d.expiry}
                                onChange={(v) => set(p.name, { expiry: v as VoucherExpiry })}
                                data-testid="voucher-import-choice"
                              />
                            ) : (
                              <Badge variant="outline" data-testid="voucher-import-choice-fixed">{label(p.choices[0]!)}</Badge>
                            )}
                            <Text size="xs" c="dimmed">{hint(d.expiry)}</Text>
                          </Stack>
                          {!choiceOf(p.name, d) ? (
                            <Text size="xs" c="orange">{t('routerImport.vFillIn')}</Text>
                          ) : (
                            <RouterChanges changes={mine} monitor={d.expiry !== 'router' ? p.monitor : null} pending={!upToDate} />
                          )}
                        </>
                      )}
                    </>
                  )}
                </Stack>
              </Paper>
            );
          })}
          <Text size="sm" data-testid="voucher-import-summary">
            {t('routerImport.vSummary', { batches: data.batches.length, inBatches: data.batches.reduce((a, b) => a + b.users, 0), used: data.used.reduce((a, u) => a + u.users, 0), other: data.other, known: data.known })}
          </Text>
          <Alert color={data.changes.length ? 'yellow' : 'green'} variant="light" data-testid="voucher-import-total">
            {!upToDate ? t('routerImport.vComputing') : data.changes.length ? t('routerImport.vTotal', { count: data.changes.length }) : t('routerImport.vTotalNone')}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('routerImport.close')}</Button>
            <Button onClick={() => void run()} loading={busy} disabled={toImport === 0 || !upToDate} data-testid="voucher-import-run">{t('routerImport.vRun', { count: toImport })}</Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
