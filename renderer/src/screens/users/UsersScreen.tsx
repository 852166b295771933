import { Accordion, Button, Card, Group, Loader, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserDto } from '../../../../shared/contract';
import { ROLES, type Role } from '../../../../shared/permissions';
import { call } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/Forbidden';
import { PageTitle } from '../../components/PageTitle';
import { ErrorText } from '../../lib/errors';
import { isForbidden, useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useCan, useSession } from '../../store/session';
import { ResetPasswordModal } from './ResetPasswordModal';
import { isRole, RoleGuide } from './roles';
import { UserFormModal } from './UserFormModal';
import { UserCard, UserRow, type UserAction } from './UserRow';

type Status = 'active' | 'disabled';

export function UsersScreen() {
  const { t } = useTranslation();
  const canManage = useCan('users.manage');
  const phone = useIsPhone();
  const me = useSession((s) => s.session?.user.id);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<Role | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [form, setForm] = useState<{ user: UserDto | null } | null>(null);
  const [resetting, setResetting] = useState<UserDto | null>(null);
  const [disabling, setDisabling] = useState<UserDto | null>(null);
  const list = useCall('users.list', { search: debounced || undefined, role: role ?? undefined, status: status ?? undefined });

  if (isForbidden(list.error)) return <Forbidden />;

  const done = (message: string) => {
    notifications.show({ color: 'green', message });
    void list.reload();
  };
  const act = async (a: UserAction, u: UserDto) => {
    if (a === 'edit') return setForm({ user: u });
    if (a === 'reset') return setResetting(u);
    // Disabling asks first: the confirmation calls act() again with the same user.
    if (a === 'disable' && disabling?.id !== u.id) return setDisabling(u);
    setDisabling(null);
    try {
      if (a === 'unlock') await call('users.unlock', { id: u.id });
      else await call('users.setStatus', { id: u.id, status: a === 'disable' ? 'disabled' : 'active' });
      done(t(`users.done.${a}`, { username: u.username }));
    } catch (err) {
      notifications.show({ color: 'red', message: <ErrorText error={err} /> });
    }
  };

  return (
    <div data-testid="screen-users">
      <PageTitle title={t('nav.users')} description={t('users.intro')}>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ user: null })} data-testid="user-create">
            {t('users.add')}
          </Button>
        )}
      </PageTitle>
      <Accordion variant="contained" mb="md" maw={900}>
        <Accordion.Item value="roles">
          <Accordion.Control data-testid="role-guide-toggle">{t('users.rolesTitle')}</Accordion.Control>
          <Accordion.Panel>
            <RoleGuide />
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
      <Group mb="sm" gap="sm" align="flex-end">
        <TextInput
          placeholder={t('users.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', xs: 260 }}
          data-testid="users-search"
        />
        <Select placeholder={t('users.allRoles')} value={role} onChange={(v) => setRole(isRole(v) ? v : null)} data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}.name`) }))} clearable w={{ base: '48%', xs: 170 }} data-testid="users-filter-role" />
        <Select
          placeholder={t('users.allStatuses')}
          value={status}
          onChange={(v) => setStatus(v === 'active' || v === 'disabled' ? v : null)}
          data={[
            { value: 'active', label: t('users.status.active') },
            { value: 'disabled', label: t('users.status.disabled') },
          ]}
          clearable
          w={{ base: '48%', xs: 170 }}
          data-testid="users-filter-status"
        />
        {list.loading && <Loader size="sm" />}
      </Group>
      <ErrorAlert error={list.error} />
      {phone ? (
        <Stack gap="sm" data-testid="users-table">
          {list.data?.map((u) => <UserCard key={u.id} user={u} self={u.id === me} canManage={canManage} onAction={(a, x) => void act(a, x)} />)}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('user.fullName')}</Table.Th>
                  <Table.Th>{t('user.role')}</Table.Th>
                  <Table.Th>{t('users.statusLabel')}</Table.Th>
                  <Table.Th>{t('users.lastLogin')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data?.map((u) => <UserRow key={u.id} user={u} self={u.id === me} canManage={canManage} onAction={(a, x) => void act(a, x)} />)}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {list.data?.length === 0 && (
        <Text c="dimmed" ta="center" p="lg" data-testid="users-empty">
          {t('users.empty')}
        </Text>
      )}
      <UserFormModal
        opened={form !== null}
        user={form?.user ?? null}
        onClose={() => setForm(null)}
        onSaved={(u) => {
          setForm(null);
          done(t(form?.user ? 'users.done.edit' : 'users.done.create', { username: u.username }));
        }}
      />
      <ConfirmModal
        opened={disabling !== null}
        title={t('users.disableTitle', { username: disabling?.username ?? '' })}
        body={t('users.disableBody')}
        confirmLabel={t('users.disable')}
        onConfirm={() => (disabling ? act('disable', disabling) : Promise.resolve())}
        onClose={() => setDisabling(null)}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onSaved={(u) => {
          setResetting(null);
          done(t('users.done.reset', { username: u.username }));
        }}
      />
    </div>
  );
}
