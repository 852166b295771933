import { Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoucherBatchDto } from '../../../../shared/contract/vouchers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';
import { useCan } from '../../store/session';
import { BatchesTable } from './BatchesTable';
import { GenerateModal } from './GenerateModal';
import { HandOverModal, type HandOverTarget } from './HandOverModal';
import { LookupBox } from './LookupBox';
import { useVoucherProgress, withProgress, type PushProgress } from './progress';
import { SellBox } from './SellBox';
import { NO_FILTER, VoucherList, type ListFilter } from './VoucherList';

const BATCH_PAGE = 10;

// The list's filter survives switching tabs (the outlets tab opens it on an outlet's vouchers).
let remembered: ListFilter = NO_FILTER;
export function showVouchersOf(f: Partial<ListFilter>): void {
  remembered = { ...NO_FILTER, ...f };
}

/** Stock: look a voucher up, sell at the counter, make batches and watch them reach the router, the vouchers. */
export function StockTab() {
  const { t } = useTranslation();
  const canSell = useCan('vouchers.sell');
  const canManage = useCan('vouchers.manage');
  const profiles = useCall('vouchers.profiles', {});
  const [page, setPage] = useState(1);
  const batches = useCall('vouchers.batches', { page, pageSize: BATCH_PAGE });
  const [filter, setFilterState] = useState<ListFilter>(remembered);
  const [generating, setGenerating] = useState(false);
  const [handOver, setHandOver] = useState<HandOverTarget | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);

  const setFilter = (f: ListFilter) => {
    remembered = f;
    setFilterState(f);
  };
  const reloadProfiles = profiles.reload;
  const reloadBatches = batches.reload;
  const changed = useCallback(() => {
    void reloadProfiles();
    void reloadBatches();
    setReloadKey((k) => k + 1);
  }, [reloadProfiles, reloadBatches]);
  // A push that finished changes the stock, the batch's counts and the list.
  const onProgress = useCallback((p: PushProgress) => p.status !== 'pushing' && changed(), [changed]);
  const { live, forget } = useVoucherProgress(onProgress);

  const batchChanged = (b: VoucherBatchDto) => {
    forget(b.id);
    changed();
  };
  const active = profiles.data ?? [];
  const shown = (batches.data?.items ?? []).map((b) => withProgress(b, live));

  return (
    <Stack gap="lg" data-testid="vouchers-stock">
      <ErrorAlert error={profiles.error ?? batches.error} />
      <SimpleGrid cols={{ base: 1, md: canSell ? 2 : 1 }}>
        <LookupBox onChanged={changed} />
        {canSell && <SellBox profiles={active} onSold={changed} />}
      </SimpleGrid>
      {profiles.data && active.length === 0 && (
        <Text c="dimmed" size="sm" data-testid="stock-no-profiles">
          {t('vouchers.stock.noProfiles')}
        </Text>
      )}
      <Stack gap="xs">
        <Group justify="space-between">
          <div>
            <Title order={3} size="h4">
              {t('vouchers.batches.title')}
            </Title>
            <Text size="xs" c="dimmed">
              {t('vouchers.batches.hint')}
            </Text>
          </div>
          {canManage && (
            <Button leftSection={<IconPlus size={16} />} disabled={active.length === 0} onClick={() => setGenerating(true)} data-testid="vouchers-generate">
              {t('vouchers.generate.title')}
            </Button>
          )}
        </Group>
        <BatchesTable
          batches={shown}
          total={batches.data?.total ?? 0}
          page={page}
          pageSize={BATCH_PAGE}
          onPage={setPage}
          actions={{
            onShow: (b) => {
              setFilter({ ...NO_FILTER, batch: { id: b.id, label: b.comment } });
              listRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
            },
            onHandOver: (b) => setHandOver({ batch: b }),
            onChanged: batchChanged,
          }}
        />
      </Stack>
      <Stack gap="xs" ref={listRef}>
        <Title order={3} size="h4">
          {t('vouchers.list.title')}
        </Title>
        <VoucherList filter={filter} onFilter={setFilter} profiles={active} onHandOver={(ids) => setHandOver({ ids })} reloadKey={reloadKey} />
      </Stack>
      <GenerateModal
        opened={generating}
        profiles={active}
        live={live}
        forget={forget}
        canManage={canManage}
        onClose={() => setGenerating(false)}
        onCreated={() => {
          setPage(1);
          changed();
        }}
      />
      <HandOverModal
        target={handOver}
        onClose={() => setHandOver(null)}
        onDone={() => {
          setHandOver(null);
          changed();
        }}
      />
    </Stack>
  );
}
