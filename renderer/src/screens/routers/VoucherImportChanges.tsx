import { Code, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportRouterChange, VoucherImportPreview } from '../../../../shared/contract/voucher-import';

const NAMES_SHOWN = 8;
const names = (list: ImportRouterChange[]) => list.slice(0, NAMES_SHOWN).map((c) => c.name).join(', ') + (list.length > NAMES_SHOWN ? ` +${list.length - NAMES_SHOWN}` : '');
const fieldsOf = (c: ImportRouterChange) => c.fields.map((f) => f.field);

/** One profile's router changes as the server computed them: script, monitor scheduler, users (grouped). */
export function RouterChanges({ changes, monitor, pending }: { changes: ImportRouterChange[]; monitor: VoucherImportPreview['profiles'][number]['monitor']; pending: boolean }) {
  const { t } = useTranslation();
  const profile = changes.filter((c) => c.menu === '/ip/hotspot/user/profile');
  const schedulers = changes.filter((c) => c.menu === '/system/scheduler');
  const users = changes.filter((c) => c.menu === '/ip/hotspot/user');
  const removed = users.filter((c) => c.kind === 'remove');
  const added = users.filter((c) => c.kind === 'add');
  const set = users.filter((c) => c.kind === 'set');
  const comment = set.filter((c) => fieldsOf(c).includes('comment'));
  const disabled = set.filter((c) => c.fields.some((f) => f.field === 'disabled' && f.app === 'yes'));
  const otherSet = set.filter((c) => fieldsOf(c).some((f) => f !== 'comment' && f !== 'disabled'));
  const otherFields = [...new Set(otherSet.flatMap((c) => fieldsOf(c).filter((f) => f !== 'comment' && f !== 'disabled')))].join(', ');
  const monitorStays = monitor && !schedulers.some((s) => s.name === monitor.name);

  return (
    <Stack gap={4} data-testid="voucher-import-changes" opacity={pending ? 0.5 : 1}>
      <Text size="xs" fw={500}>{t('routerImport.vChanges')}</Text>
      {changes.length === 0 && !monitorStays ? (
        <Text size="xs" c="green" data-testid="voucher-import-no-change">{t('routerImport.vNoChanges')}</Text>
      ) : (
        <List size="xs" spacing={2}>
          {profile.map((c) => (
            <List.Item key={c.name} data-testid="voucher-import-change" data-kind="script">
              {c.script ? t('routerImport.vScript') : t('routerImport.vProfileSet', { fields: fieldsOf(c).join(', ') })}
              {c.script && (
                <>
                  {' '}
                  {c.script.lost.length ? t('routerImport.vLost', { parts: c.script.lost.map((l) => t(`routerImport.lost.${l}`)).join(', ') }) : t('routerImport.vLostNone')}
                  {(c.script.from || c.script.to) && (
                    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {t('routerImport.vScriptLines')}{' '}
                      {c.script.from === c.script.to ? (
                        <>
                          <Code>{c.script.from}</Code> {t('routerImport.vLineSame')}
                        </>
                      ) : (
                        <>
                          <Code>{c.script.from ?? '—'}</Code> → <Code>{c.script.to ?? '—'}</Code>
                        </>
                      )}
                    </Text>
                  )}
                </>
              )}
            </List.Item>
          ))}
          {schedulers.map((c) => (
            <List.Item key={c.name} data-testid="voucher-import-change" data-kind="monitor">{t('routerImport.vMonitorRemoved', { name: c.name })}</List.Item>
          ))}
          {monitorStays && (
            <List.Item c="orange" data-testid="voucher-import-change" data-kind="monitor-stays">{t('routerImport.vMonitorStays', { name: monitor.name })}</List.Item>
          )}
          {comment.length > 0 && <List.Item data-testid="voucher-import-change" data-kind="comment">{t('routerImport.vUsersComment', { count: comment.length })}: {names(comment)}</List.Item>}
          {disabled.length > 0 && <List.Item data-testid="voucher-import-change" data-kind="disable">{t('routerImport.vUsersDisabled', { count: disabled.length })}: {names(disabled)}</List.Item>}
          {removed.length > 0 && <List.Item data-testid="voucher-import-change" data-kind="remove">{t('routerImport.vUsersRemoved', { count: removed.length })}: {names(removed)}</List.Item>}
          {added.length > 0 && <List.Item data-testid="voucher-import-change" data-kind="add">{t('routerImport.vUsersAdded', { count: added.length })}: {names(added)}</List.Item>}
          {otherSet.length > 0 && <List.Item data-testid="voucher-import-change" data-kind="set">{t('routerImport.vUsersSet', { count: otherSet.length, fields: otherFields })}: {names(otherSet)}</List.Item>}
        </List>
      )}
    </Stack>
  );
}
