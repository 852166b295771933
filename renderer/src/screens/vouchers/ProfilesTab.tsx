import { Badge, Button, Card, Group, Loader, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff, IconPencil, IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoucherProfileDto } from '../../../../shared/contract/vouchers';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ErrorText } from '../../lib/errors';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useCan } from '../../store/session';
import { useDurationText, useMoney } from './common';
import { ProfileFormModal } from './ProfileFormModal';
import { ShopCard } from './ShopCard';

/** Voucher profiles (paket voucher): what a voucher costs, how long it lasts, and its router profile. */
export function ProfilesTab() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const canManage = useCan('vouchers.manage');
  const canRouters = useCan('routers.read');
  const [archived, setArchived] = useState(false);
  const list = useCall('vouchers.profiles', { includeArchived: archived });
  const routers = useCall('routers.list', {}, canManage && canRouters);
  // The shop card below the table: reloaded with the list, a profile's "online" changes what it sells.
  const shop = useCall('gateway.shop', {});
  const [form, setForm] = useState<{ profile: VoucherProfileDto | null } | null>(null);
  const [archiving, setArchiving] = useState<VoucherProfileDto | null>(null);
  const items = list.data ?? [];
  // Without routers.read the routers the profiles already use are the choice.
  const routerOptions = routers.data ? routers.data.map((r) => ({ value: r.id, label: r.name })) : [...new Map(items.map((p) => [p.routerId, { value: p.routerId, label: p.routerName }])).values()];

  const setActive = async (p: VoucherProfileDto, active: boolean) => {
    try {
      await call('vouchers.setProfileActive', { id: p.id, active });
      notifications.show({ color: 'green', message: t(active ? 'vouchers.profiles.restored' : 'vouchers.profiles.archived', { name: p.name }) });
      void list.reload();
      void shop.reload();
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    }
  };

  return (
    <Stack gap="sm" data-testid="vouchers-profiles">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={720}>
          {t('vouchers.profiles.intro')}
        </Text>
        <Group gap="sm">
          <Switch label={t('vouchers.profiles.showArchived')} checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} data-testid="profiles-archived" />
          {canManage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ profile: null })} data-testid="profiles-add">
              {t('vouchers.profiles.add')}
            </Button>
          )}
        </Group>
      </Group>
      <ErrorAlert error={list.error ?? routers.error} />
      {list.loading && !list.data && <Loader size="sm" />}
      {phone ? (
        <Stack gap="xs">
          {items.map((p) => (
            <Card key={p.id} withBorder padding="sm" data-testid="profile-row" data-name={p.name}>
              <ProfileCard p={p} />
              <Actions p={p} canManage={canManage} onEdit={() => setForm({ profile: p })} onArchive={() => setArchiving(p)} onRestore={() => void setActive(p, true)} />
            </Card>
          ))}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={960}>
            <Table verticalSpacing="sm" striped data-testid="profiles-table">
              <Table.Thead>
                <Table.Tr>
                  {['name', 'price', 'validity', 'rateLimit', 'expiry', 'stock'].map((c) => (
                    <Table.Th key={c} ta={c === 'price' || c === 'stock' ? 'right' : undefined}>
                      {t(`vouchers.profiles.col.${c}`)}
                    </Table.Th>
                  ))}
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => (
                  <ProfileRow key={p.id} p={p}>
                    <Actions p={p} canManage={canManage} onEdit={() => setForm({ profile: p })} onArchive={() => setArchiving(p)} onRestore={() => void setActive(p, true)} />
                  </ProfileRow>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {list.data?.length === 0 && (
        <Text c="dimmed" ta="center" p="md" data-testid="profiles-empty">
          {t('vouchers.profiles.empty')}
        </Text>
      )}
      <ShopCard shop={shop} />
      <ProfileFormModal
        opened={form !== null}
        profile={form?.profile ?? null}
        routers={routerOptions}
        onClose={() => setForm(null)}
        onSaved={(p) => {
          notifications.show({ color: 'green', message: t(form?.profile ? 'vouchers.profiles.updated' : 'vouchers.profiles.created', { name: p.name }) });
          setForm(null);
          void list.reload();
          void shop.reload();
        }}
      />
      <ConfirmModal
        opened={archiving !== null}
        title={t('vouchers.profiles.archiveTitle', { name: archiving?.name ?? '' })}
        body={t('vouchers.profiles.archiveBody')}
        confirmLabel={t('vouchers.profiles.archive')}
        color="orange"
        onClose={() => setArchiving(null)}
        onConfirm={async () => {
          if (archiving) await setActive(archiving, false);
          setArchiving(null);
        }}
      />
    </Stack>
  );
}

function ProfileRow({ p, children }: { p: VoucherProfileDto; children: ReactNode }) {
  const { t } = useTranslation();
  const money = useMoney();
  const duration = useDurationText();
  const two = (a: ReactNode, b: ReactNode, right = false) => (
    <Table.Td ta={right ? 'right' : undefined} style={{ whiteSpace: 'nowrap' }}>
      <Text size="sm">{a}</Text>
      <Text size="xs" c="dimmed">
        {b}
      </Text>
    </Table.Td>
  );
  const none = t('vouchers.profiles.unlimited');
  return (
    <Table.Tr data-testid="profile-row" data-name={p.name} opacity={p.active ? 1 : 0.6}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {p.name}
        </Text>
        <Text size="xs" c="dimmed">
          {p.routerName} ·{' '}
          <Text span ff="monospace" size="xs">
            {p.profileName}
          </Text>
        </Text>
        <Badges p={p} />
      </Table.Td>
      {two(money(p.sellingPrice), t('vouchers.profiles.outletPrice', { price: money(p.price) }), true)}
      {two(p.validity === null ? t('vouchers.owner.never') : duration(p.validity), t('vouchers.profiles.limits', { time: p.timeLimit ? duration(p.timeLimit) : none, quota: p.dataQuotaMb ? quotaText(p.dataQuotaMb) : none }))}
      {two(p.rateLimit || none, t('vouchers.profiles.devices', { count: p.sharedUsers }))}
      {two(p.expiry === 'app' ? t(`vouchers.expiry.${p.expiryAction}`) : t(`vouchers.owner.badge.${p.expiry}`), p.lockMac ? t('vouchers.profiles.lockedMac') : t('vouchers.profiles.anyDevice'))}
      <Table.Td ta="right">
        <Text size="sm" fw={600} c={p.stock === 0 ? 'red.7' : undefined} data-testid="profile-stock">
          {p.stock}
        </Text>
      </Table.Td>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

/** Archived; sold in the online voucher shop (an archived profile is not, even when marked online). */
function Badges({ p }: { p: VoucherProfileDto }) {
  const { t } = useTranslation();
  if (p.active && !p.online) return null;
  return (
    <Group gap={4} mt={2}>
      {!p.active && (
        <Badge size="xs" color="gray">
          {t('vouchers.profiles.archivedBadge')}
        </Badge>
      )}
      {p.active && p.online && (
        <Badge size="xs" color="teal" variant="light" title={t('vouchers.profiles.onlineBadgeHint')} data-testid="profile-online-badge">
          {t('vouchers.profiles.onlineBadge')}
        </Badge>
      )}
    </Group>
  );
}

/** 10240 MB → "10 GB". */
export const quotaText = (mb: number): string => (mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024} GB` : `${mb} MB`);

function ProfileCard({ p }: { p: VoucherProfileDto }) {
  const { t } = useTranslation();
  const money = useMoney();
  const duration = useDurationText();
  return (
    <div>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600}>{p.name}</Text>
        <Text fw={700}>{money(p.sellingPrice)}</Text>
      </Group>
      <Badges p={p} />
      <Text size="xs" c="dimmed">
        {p.routerName} · {p.profileName} · {t('vouchers.profiles.outletPrice', { price: money(p.price) })}
      </Text>
      <Text size="sm">
        {[p.validity === null ? t('vouchers.owner.never') : duration(p.validity), p.expiry === 'router' && t('vouchers.owner.badge.router'), p.timeLimit && t('vouchers.lookup.timeLimit', { limit: duration(p.timeLimit) }), p.dataQuotaMb && quotaText(p.dataQuotaMb), p.rateLimit, t('vouchers.profiles.devices', { count: p.sharedUsers })].filter(Boolean).join(' · ')}
      </Text>
      <Text size="sm" fw={600} c={p.stock === 0 ? 'red.7' : undefined} data-testid="profile-stock">
        {t('vouchers.sell.stockShort', { stock: p.stock })}
      </Text>
    </div>
  );
}

function Actions({ p, canManage, onEdit, onArchive, onRestore }: { p: VoucherProfileDto; canManage: boolean; onEdit: () => void; onArchive: () => void; onRestore: () => void }) {
  const { t } = useTranslation();
  if (!canManage) return null;
  return (
    <Group gap={4} wrap="nowrap" mt={4}>
      <Button size="compact-sm" variant="default" leftSection={<IconPencil size={14} />} onClick={onEdit} data-testid="profile-edit">
        {t('vouchers.profiles.edit')}
      </Button>
      {p.active ? (
        <Button size="compact-sm" variant="subtle" color="orange" leftSection={<IconArchive size={14} />} onClick={onArchive} data-testid="profile-archive">
          {t('vouchers.profiles.archive')}
        </Button>
      ) : (
        <Button size="compact-sm" variant="subtle" leftSection={<IconArchiveOff size={14} />} onClick={onRestore} data-testid="profile-restore">
          {t('vouchers.profiles.restore')}
        </Button>
      )}
    </Group>
  );
}
