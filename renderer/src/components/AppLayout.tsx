import { AppShell, Burger, Group, NavLink, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { subscribe } from '../api/client';
import { NAV } from '../nav';
import { hrefOf, useRoute } from '../store/route';
import { useSession } from '../store/session';
import { LanguageSwitch } from './LanguageSwitch';
import { OfficeBrand } from './OfficeBrand';
import { UserMenu } from './UserMenu';

/** Header (office, language, user menu) and the side navigation; a burger on phones. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const route = useRoute((r) => r.name);
  const permissions = useSession((s) => s.session?.permissions ?? []);
  const refresh = useSession((s) => s.refresh);

  useEffect(() => close(), [route, close]);
  // Another PC changed the office profile or time zone: show it here too.
  useEffect(
    () =>
      subscribe('settings.changed', (e) => {
        if (e.group === 'office' || e.group === 'locale') void refresh();
      }),
    [refresh],
  );

  const items = NAV.filter((n) => n.permission === null || permissions.includes(n.permission));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={{ base: 'sm', sm: 'lg' }}>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} data-testid="nav-burger" />
            <OfficeBrand />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" data-testid="nav">
        <AppShell.Section grow component={ScrollArea}>
          {items.map((n) => (
            <NavLink
              key={n.route}
              href={hrefOf(n.route)}
              label={t(`nav.${n.route}`)}
              leftSection={<n.icon size={18} stroke={1.6} />}
              active={route === n.route}
              data-testid={`nav-${n.route}`}
              styles={{ root: { borderRadius: 6 } }}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">{children}</AppShell.Main>
    </AppShell>
  );
}
