import { Anchor, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NAV } from '../nav';
import { hrefOf } from '../store/route';
import { useSession } from '../store/session';

/** Who is logged in, what their role may do, and the screens they can open. */
export function Home() {
  const { t } = useTranslation();
  const { session, office } = useSession();
  if (!session) return null;
  const u = session.user;
  const screens = NAV.filter((n) => n.route !== 'home' && (n.permission === null || session.permissions.includes(n.permission)));
  return (
    <Stack gap="lg" data-testid="screen-home">
      <div>
        <Title order={2} size="h3" data-testid="home-welcome">
          {t('home.welcome', { name: u.fullName })}
        </Title>
        <Text c="dimmed" size="sm">
          {office?.name}
        </Text>
      </div>
      <Card withBorder padding="md" maw={720}>
        <Text fw={600}>{t('home.yourRole', { role: t(`roles.${u.role}.name`) })}</Text>
        <Text size="sm" mt={4}>
          {t(`roles.${u.role}.description`)}
        </Text>
      </Card>
      <div>
        <Text fw={600} mb="xs">
          {t('home.screens')}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} maw={960}>
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
                  <Text size="sm" c="dimmed">
                    {t(`home.about.${n.route}`)}
                  </Text>
                </div>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
        <Text size="sm" c="dimmed" mt="md">
          {t('home.comingSoon')}
        </Text>
      </div>
    </Stack>
  );
}
