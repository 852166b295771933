import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TicketState } from '../../../../shared/contract/tickets';

export const STATE_COLORS: Record<TicketState, string> = { open: 'red', in_progress: 'yellow', solved: 'green' };

export function TicketStateBadge({ state, size = 'sm' }: { state: TicketState; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLORS[state]} variant="light" size={size} data-testid="ticket-state" data-state={state} style={{ flexShrink: 0 }}>
      {t(`tickets.states.${state}`)}
    </Badge>
  );
}
