import { ActionIcon, Badge, Card, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { IconDots, IconKey, IconLockOpen, IconPencil, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { UserDto } from '../../../../shared/contract';
import { useLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useTimezone } from '../../store/session';
import { RoleBadge } from './roles';

export type UserAction = 'edit' | 'reset' | 'disable' | 'enable' | 'unlock';

export const isLocked = (u: UserDto, now = Date.now()): boolean => !!u.lockedUntil && Date.parse(u.lockedUntil) > now;

export function UserStatus({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  return (
    <Stack gap={4} align="flex-start">
      <Badge color={user.status === 'active' ? 'green' : 'gray'} variant={user.status === 'active' ? 'light' : 'outline'}>
        {t(`users.status.${user.status}`)}
      </Badge>
      {isLocked(user) && (
        <Badge color="orange" variant="light" title={formatDateTime(user.lockedUntil, tz, lang)}>
          {t('users.lockedUntil', { time: formatDateTime(user.lockedUntil, tz, lang) })}
        </Badge>
      )}
      {user.mustChangePassword && (
        <Text size="xs" c="dimmed">
          {t('users.mustChange')}
        </Text>
      )}
    </Stack>
  );
}

type RowProps = { user: UserDto; self: boolean; canManage: boolean; onAction: (a: UserAction, u: UserDto) => void };

function UserActionsMenu({ user, self, onAction }: Omit<RowProps, 'canManage'>) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t('users.actions')} data-testid={`user-actions-${user.username}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onAction('edit', user)} data-testid="user-action-edit">
          {t('users.edit')}
        </Menu.Item>
        <Menu.Item leftSection={<IconKey size={16} />} onClick={() => onAction('reset', user)} data-testid="user-action-reset">
          {t('users.resetPassword')}
        </Menu.Item>
        {isLocked(user) && (
          <Menu.Item leftSection={<IconLockOpen size={16} />} onClick={() => onAction('unlock', user)} data-testid="user-action-unlock">
            {t('users.unlock')}
          </Menu.Item>
        )}
        {user.status === 'active' ? (
          <Menu.Item leftSection={<IconUserOff size={16} />} color="red" disabled={self} onClick={() => onAction('disable', user)} data-testid="user-action-disable">
            {t('users.disable')}
          </Menu.Item>
        ) : (
          <Menu.Item leftSection={<IconUserCheck size={16} />} onClick={() => onAction('enable', user)} data-testid="user-action-enable">
            {t('users.enable')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function UserName({ user, self }: { user: UserDto; self: boolean }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text fw={600} size="sm">
        {user.fullName}
        {self && (
          <Text span c="dimmed" size="xs">
            {' '}
            ({t('users.you')})
          </Text>
        )}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace">
        {user.username}
      </Text>
    </div>
  );
}

function LastLogin({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  return <>{user.lastLoginAt ? formatDateTime(user.lastLoginAt, tz, lang) : t('users.never')}</>;
}

export function UserRow({ user, self, canManage, onAction }: RowProps) {
  return (
    <Table.Tr data-testid={`user-row-${user.username}`} style={user.status === 'disabled' ? { opacity: 0.6 } : undefined}>
      <Table.Td>
        <UserName user={user} self={self} />
      </Table.Td>
      <Table.Td>
        <RoleBadge role={user.role} />
      </Table.Td>
      <Table.Td>
        <UserStatus user={user} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <LastLogin user={user} />
        </Text>
      </Table.Td>
      <Table.Td>{canManage && <UserActionsMenu user={user} self={self} onAction={onAction} />}</Table.Td>
    </Table.Tr>
  );
}

/** The same on a phone: one card per user, the actions menu always in reach. */
export function UserCard({ user, self, canManage, onAction }: RowProps) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" data-testid={`user-row-${user.username}`} style={user.status === 'disabled' ? { opacity: 0.6 } : undefined}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <UserName user={user} self={self} />
        {canManage && <UserActionsMenu user={user} self={self} onAction={onAction} />}
      </Group>
      <Group gap="xs" mt="xs" align="flex-start">
        <RoleBadge role={user.role} />
        <UserStatus user={user} />
      </Group>
      <Text size="xs" c="dimmed" mt="xs">
        {t('users.lastLogin')}: <LastLogin user={user} />
      </Text>
    </Card>
  );
}
