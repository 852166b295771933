import { Button, Center, createTheme, Loader, MantineProvider, Stack } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { onApiError, subscribe } from './api/client';
import { AppLayout } from './components/AppLayout';
import { AuthFrame } from './components/AuthFrame';
import { ErrorAlert } from './components/ErrorAlert';
import { ScreenBoundary } from './components/ScreenBoundary';
import { Screen } from './Screen';
import { ForcedPasswordChange } from './screens/ChangePassword';
import { Login } from './screens/Login';
import { SetupWizard } from './screens/setup/SetupWizard';
import { useRoute } from './store/route';
import { useSession } from './store/session';

const theme = createTheme({ primaryColor: 'blue', defaultRadius: 'md', cursorType: 'pointer' });

/** The current screen; an error while rendering it stays inside the layout and clears on navigation. */
function RoutedScreen() {
  const route = useRoute();
  return (
    <ScreenBoundary resetKey={`${route.name}/${route.sub ?? ''}`}>
      <Screen />
    </ScreenBoundary>
  );
}

function Root() {
  const { t } = useTranslation();
  const { status, loadError, needsSetup, session, refresh, ended } = useSession();

  useEffect(() => {
    void refresh();
    // A call refused because the session ended (idle timeout, logged out elsewhere): back to the login.
    return onApiError(() => {
      if (useSession.getState().session) useSession.getState().ended('expired');
    });
  }, [refresh]);

  // Sessions ended elsewhere (disabled, password reset, logged out in another tab): back to the login,
  // whatever screen this one shows (the forced password change too).
  const loggedIn = !!session;
  useEffect(() => {
    if (!loggedIn) return;
    return subscribe('session.ended', (e) => ended(e.reason === 'logout' ? 'ended' : e.reason));
  }, [loggedIn, ended]);

  if (status === 'loading') {
    return (
      <Center h="100vh">
        <Loader data-testid="app-loading" />
      </Center>
    );
  }
  if (status === 'error') {
    return (
      <AuthFrame>
        <Stack>
          <ErrorAlert error={loadError} testId="app-load-error" />
          <Button onClick={() => void refresh()}>{t('common.retry')}</Button>
        </Stack>
      </AuthFrame>
    );
  }
  if (needsSetup) return <SetupWizard />;
  if (!session) return <Login />;
  if (session.user.mustChangePassword) return <ForcedPasswordChange />;
  return (
    <AppLayout>
      <RoutedScreen />
    </AppLayout>
  );
}

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <Root />
    </MantineProvider>
  );
}
