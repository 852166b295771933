import { Anchor } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { hrefOf } from '../../store/route';

/** "← Back to the list" above a detail page. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Anchor href={hrefOf(to)} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4, alignSelf: 'flex-start' }} data-testid="back-link">
      <IconArrowLeft size={14} /> {label}
    </Anchor>
  );
}
