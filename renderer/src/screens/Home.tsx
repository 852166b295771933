import { Anchor, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NAV } from '../nav';
import { hrefOf } from '../store/route';
import { useCan, useSession } from '../store/session';
import { BillingDashboard } from './invoices/Dashboard';

/**
 * Who is logged in and the screens they can open; for staff who see the money (billing.read) the billing
 * dashboard first: receivables, overdue, revenue, and the "take a payment" / "issue invoices" buttons.
 */
export function Home() {
  const { t, i18n } = useTranslation();
  const { session, office } = useSession();
  const billing = useCan('billing.read');
  if (!session) return null;
  const u = session.user;
  const screens = NAV.filter((n) => n.route !== 'home' && (n.permission === null || session.permissions.includes(n.permission)));
  // A screen's one-line description: the spine's own, or one its domain's texts bring (`<domain>.homeAbout`).
  const about = (route: string) => {
    const key = [`home.about.${route}`, `${route}.homeAbout`, `billing.homeAbout.${route}`].find((k) => i18n.exists(k) && typeof i18n.t(k) === 'string');
    return key ? t(key) : '';
  };
  return (
    <Stack gap="lg" data-testid="screen-home">
      <div>
        <Title order={2} size="h3" data-testid="home-welcome">
          {t('home.welcome', { name: u.fullName })}
        </Title>
        <Text c="dimmed" size="sm">
          {billing ? `${office?.name ?? ''} · ${t('home.yourRole', { role: t(`roles.${u.role}.name`) })}` : office?.name}
        </Text>
      </div>
      {billing ? (
        <BillingDashboard />
      ) : (
        <Card withBorder padding="md" maw={720}>
          <Text fw={600}>{t('home.yourRole', { role: t(`roles.${u.role}.name`) })}</Text>
          <Text size="sm" mt={4}>
            {t(`roles.${u.role}.description`)}
          </Text>
        </Card>
      )}
      <div>
        <Text fw={600} mb="xs">
          {t('home.screens')}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} maw={billing ? undefined : 960}>
          {screens.map((n) => (
            <Card key={n.route} withBorder padding="md" component="a" href={hrefOf(n.route)} data-testid={`home-link-${n.route}`}>
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon variant="light" size="lg">
                  <n.icon size={20} />
                </ThemeIcon>
                <div>
                  <Anchor component="span" fw={600}>
                    {t(`nav.${n.route}`)}
                  </Anchor>
                  {about(n.route) && (
                    <Text size="sm" c="dimmed">
                      {about(n.route)}
                    </Text>
                  )}
                </div>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </div>
    </Stack>
  );
}
