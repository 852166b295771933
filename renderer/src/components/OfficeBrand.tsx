import { Avatar, Group, Text } from '@mantine/core';
import { IconWifi } from '@tabler/icons-react';
import { useSession } from '../store/session';

/** Office logo (or a placeholder) and name. */
export function OfficeBrand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const office = useSession((s) => s.office);
  const px = size === 'lg' ? 56 : 32;
  return (
    <Group gap="sm" wrap="nowrap" miw={0}>
      {office?.logo ? (
        <Avatar src={office.logo} alt="" size={px} radius="sm" styles={{ image: { objectFit: 'contain' } }} />
      ) : (
        <Avatar size={px} radius="sm" color="blue">
          <IconWifi size={px * 0.6} />
        </Avatar>
      )}
      <Text fw={700} size={size === 'lg' ? 'xl' : 'md'} truncate="end" data-testid="office-name">
        {office?.name ?? 'Mikrotik Billing'}
      </Text>
    </Group>
  );
}
