import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconKey, IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../store/route';
import { useSession } from '../store/session';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');

export function UserMenu() {
  const { t } = useTranslation();
  const { session, logout } = useSession();
  if (!session) return null;
  const u = session.user;
  return (
    <Menu position="bottom-end" width={220} withinPortal>
      <Menu.Target>
        <UnstyledButton data-testid="user-menu" aria-label={t('nav.userMenu')} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <Avatar size={30} radius="xl" color="blue">
            {initials(u.fullName)}
          </Avatar>
          <Text size="sm" fw={500} visibleFrom="sm" data-testid="user-menu-name">
            {u.fullName}
          </Text>
          <IconChevronDown size={14} />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {u.username} · {t(`roles.${u.role}.name`)}
        </Menu.Label>
        <Menu.Item leftSection={<IconKey size={16} />} onClick={() => navigate('password')} data-testid="user-menu-password">
          {t('nav.changePassword')}
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={() => void logout()} data-testid="user-menu-logout">
          {t('nav.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
