import { Badge, Group, Select, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../../shared/permissions';

export const ROLE_COLORS: Record<Role, string> = { owner: 'grape', admin: 'blue', cashier: 'teal', technician: 'orange', collector: 'cyan' };

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Badge color={ROLE_COLORS[role]} variant="light">
      {t(`roles.${role}.name`)}
    </Badge>
  );
}

/** Role picker whose options say, in plain words, what each role may do. */
export function RoleSelect({ value, onChange, error }: { value: Role; onChange: (r: Role) => void; error?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Select
        label={t('user.role')}
        withAsterisk
        value={value}
        onChange={(v) => isRole(v) && onChange(v)}
        allowDeselect={false}
        data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}.name`) }))}
        renderOption={({ option }) => (
          <Stack gap={0} py={2}>
            <Text size="sm" fw={600}>
              {option.label}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`roles.${option.value}.description`)}
            </Text>
          </Stack>
        )}
        error={error}
        data-testid="user-role"
        comboboxProps={{ withinPortal: true }}
      />
      <Text size="xs" c="dimmed" data-testid="user-role-description">
        {t(`roles.${value}.description`)}
      </Text>
    </Stack>
  );
}

/** The five roles explained, for the help panel of the users screen. */
export function RoleGuide() {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="role-guide">
      {ROLES.map((r) => (
        <Group key={r} gap="sm" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 110 }}>
            <RoleBadge role={r} />
          </div>
          <Text size="sm">{t(`roles.${r}.description`)}</Text>
        </Group>
      ))}
    </Stack>
  );
}
