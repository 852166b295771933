import { Box, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitch } from './LanguageSwitch';

/** The centred card of the screens before the app proper: setup, login, forced password change. */
export function AuthFrame({ children, width = 440, footer }: { children: ReactNode; width?: number; footer?: ReactNode }) {
  return (
    <Box bg="gray.0" mih="100vh" py={{ base: 'md', sm: 48 }} px="sm">
      <Group justify="flex-end" maw={width} mx="auto" mb="sm">
        <LanguageSwitch size="sm" />
      </Group>
      <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md" maw={width} mx="auto">
        {children}
      </Paper>
      {footer && (
        <Text c="dimmed" size="xs" ta="center" mt="md">
          {footer}
        </Text>
      )}
    </Box>
  );
}
