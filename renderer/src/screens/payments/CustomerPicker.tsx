import { Badge, Group, Loader, Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerListItem } from '../../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';
import { useRupiah } from '../invoices/money';

/**
 * Find a customer by typing (name, number, phone or PPPoE username); arrow keys move, Enter picks. The
 * first match is highlighted, so "type, Enter" is enough when the name is unique.
 */
export function CustomerPicker({ onPick, autoFocus = true }: { onPick: (c: CustomerListItem) => void; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const rupiah = useRupiah();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 200);
  const [hi, setHi] = useState(0);
  const list = useCall('customers.list', { q: debounced, page: 1, pageSize: 8 }, debounced.length > 0);
  const items = debounced ? (list.data?.items ?? []) : [];
  const stale = q.trim() !== debounced || list.loading;

  useEffect(() => setHi(0), [debounced, list.data]);

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setHi((h) => Math.min(h + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setHi((h) => Math.max(h - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const c = items[hi];
      if (c && !stale) onPick(c);
    }
  };

  return (
    <Stack gap={6}>
      <TextInput
        label={t('billing.pay.customer')}
        description={t('billing.pay.customerHint')}
        placeholder={t('billing.pay.customerPlaceholder')}
        leftSection={<IconSearch size={16} />}
        rightSection={stale && debounced ? <Loader size="xs" /> : null}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={onKey}
        autoFocus={autoFocus}
        autoComplete="off"
        role="combobox"
        aria-expanded={items.length > 0}
        data-testid="pay-customer-search"
      />
      <ErrorAlert error={list.error} />
      {items.length > 0 && (
        <Paper withBorder p={4} role="listbox" data-testid="pay-customer-results">
          {items.map((c, i) => (
            <UnstyledButton
              key={c.id}
              role="option"
              aria-selected={i === hi}
              onMouseEnter={() => setHi(i)}
              onClick={() => onPick(c)}
              w="100%"
              px="sm"
              py={6}
              style={{ borderRadius: 4, background: i === hi ? 'var(--mantine-color-blue-light)' : undefined }}
              data-testid="pay-customer-option"
            >
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} truncate="end">
                    {c.name}
                  </Text>
                  <Text size="xs" c="dimmed" truncate="end">
                    {[c.number, c.area, c.usernames.join(', ')].filter(Boolean).join(' · ')}
                  </Text>
                </div>
                {c.balance > 0 ? (
                  <Badge color={c.overdue > 0 ? 'red' : 'orange'} variant="light" style={{ flexShrink: 0 }}>
                    {t('billing.pay.owes', { amount: rupiah(c.balance) })}
                  </Badge>
                ) : (
                  <Badge color="green" variant="light" style={{ flexShrink: 0 }}>
                    {c.balance < 0 ? t('billing.pay.credit', { amount: rupiah(-c.balance) }) : t('billing.pay.settled')}
                  </Badge>
                )}
              </Group>
            </UnstyledButton>
          ))}
        </Paper>
      )}
      {debounced && !stale && items.length === 0 && !list.error && (
        <Text size="sm" c="dimmed" data-testid="pay-customer-none">
          {t('billing.pay.noCustomer')}
        </Text>
      )}
    </Stack>
  );
}
