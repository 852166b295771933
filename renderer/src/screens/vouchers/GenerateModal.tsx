import { Button, Group, Modal, NumberInput, Radio, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPrinter } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CHARSETS, generateSchema, type Charset, type VoucherBatchDto, type VoucherProfileDto } from '../../../../shared/contract/vouchers';
import { ApiError, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { zodValidate } from '../../lib/validate';
import { navigate } from '../../store/route';
import { exampleCode, fitsCodeSpace } from './charsets';
import { printPath, useMoney } from './common';
import { PushBar, withProgress, type PushProgress } from './progress';
import { useIsPhone } from '../../lib/useIsPhone';

interface Values {
  profileId: number | null;
  quantity: number | '';
  mode: 'vc' | 'up';
  codeLength: number | '';
  charset: Charset;
  avoidAmbiguous: boolean;
  prefix: string;
  note: string;
}

const EMPTY: Values = { profileId: null, quantity: 50, mode: 'vc', codeLength: 6, charset: 'upper-digits', avoidAmbiguous: true, prefix: '', note: '' };
const toInput = (v: Values) => ({ ...v, profileId: v.profileId ?? undefined, quantity: v.quantity === '' ? undefined : v.quantity, codeLength: v.codeLength === '' ? undefined : v.codeLength });

/** "Buat voucher": the batch's settings, then its push to the router, live, with print once it is there. */
export function GenerateModal({ opened, profiles, live, forget, canManage, onClose, onCreated }: { opened: boolean; profiles: VoucherProfileDto[]; live: Map<number, PushProgress>; forget: (batchId: number) => void; canManage: boolean; onClose: () => void; onCreated: (b: VoucherBatchDto) => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const money = useMoney();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [batch, setBatch] = useState<VoucherBatchDto | null>(null);
  const base = zodValidate<Values>(generateSchema, { map: toInput });
  const explain = (errors: Record<string, ReactNode>, v: Values) => {
    const out = { ...errors };
    if (out.prefix) out.prefix = t('vouchers.generate.prefixInvalid');
    if (out.note) out.note = t('vouchers.generate.noteInvalid');
    if (out.profileId) out.profileId = t('vouchers.generate.chooseProfile');
    if (!out.codeLength && typeof v.quantity === 'number' && typeof v.codeLength === 'number' && !fitsCodeSpace({ quantity: v.quantity, codeLength: v.codeLength, charset: v.charset, avoidAmbiguous: v.avoidAmbiguous })) out.codeLength = t('errors.vouchers.code_space');
    return out;
  };
  const form = useForm<Values>({ mode: 'controlled', initialValues: EMPTY, validate: (v) => explain(base(v), v) });

  useEffect(() => {
    if (!opened) return;
    setError(null);
    setBatch(null);
    form.setValues({ ...EMPTY, profileId: profiles.length === 1 ? profiles[0]!.id : null });
    form.clearErrors();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset the form when the modal opens, not when the form object or the profile list changes
  }, [opened]);

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      const b = await call('vouchers.generate', { ...v, profileId: v.profileId!, quantity: Number(v.quantity), codeLength: Number(v.codeLength) });
      setBatch(b);
      onCreated(b);
    } catch (err) {
      const errors = explain(issuesToErrors(apiIssues(err)), v);
      if (err instanceof ApiError && err.code === 'vouchers.code_space') errors.codeLength = t('errors.vouchers.code_space');
      form.setErrors(errors);
      setError(err);
    } finally {
      setBusy(false);
    }
  });

  const v = form.getValues();
  const length = typeof v.codeLength === 'number' ? Math.min(12, Math.max(3, v.codeLength)) : 6;
  const example = exampleCode(v.charset, length, v.avoidAmbiguous, v.prefix);
  const shown = batch ? withProgress(batch, live) : null;
  const profileOptions = profiles.map((p) => ({ value: p.id, label: `${p.name} — ${p.routerName} (${money(p.sellingPrice)})` }));

  return (
    <Modal opened={opened} onClose={onClose} title={shown ? t('vouchers.generate.pushingTitle', { comment: shown.comment }) : t('vouchers.generate.title')} size="lg" fullScreen={phone} data-testid="generate-modal">
      {shown ? (
        <Stack gap="md" data-testid="generate-progress">
          <Text size="sm">{t('vouchers.generate.created', { count: shown.quantity, profile: shown.profileName, router: shown.routerName })}</Text>
          <PushBar
            batch={shown}
            canManage={canManage}
            onChanged={(b) => {
              forget(b.id);
              setBatch(b);
              onCreated(b);
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="generate-close">
              {t('vouchers.generate.close')}
            </Button>
            <Button leftSection={<IconPrinter size={16} />} disabled={shown.pushed === 0} onClick={() => navigate(printPath({ batchId: shown.id }))} data-testid="generate-print">
              {t('vouchers.print')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <Select<number> label={t('vouchers.generate.profile')} description={t('vouchers.generate.profileHint')} withAsterisk allowDeselect={false} data={profileOptions} searchable nothingFoundMessage={t('common.nothingFound')} {...form.getInputProps('profileId')} data-testid="gen-profile" />
            <NumberInput label={t('vouchers.generate.quantity')} description={t('vouchers.generate.quantityHint')} withAsterisk min={1} max={10_000} allowDecimal={false} allowNegative={false} {...form.getInputProps('quantity')} data-testid="gen-quantity" />
            <Radio.Group label={t('vouchers.generate.mode')} {...form.getInputProps('mode')} data-testid="gen-mode">
              <SimpleGrid cols={{ base: 1, xs: 2 }} mt="xs">
                <Radio value="vc" label={t('vouchers.modes.vc')} description={t('vouchers.modes.vcHint')} data-testid="gen-mode-vc" />
                <Radio value="up" label={t('vouchers.modes.up')} description={t('vouchers.modes.upHint')} data-testid="gen-mode-up" />
              </SimpleGrid>
            </Radio.Group>
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <Select<Charset>
                label={t('vouchers.generate.charset')}
                allowDeselect={false}
                data={CHARSETS.map((c) => ({ value: c, label: `${t(`vouchers.charsets.${c}`)} — ${exampleCode(c, length, v.avoidAmbiguous)}` }))}
                {...form.getInputProps('charset')}
                data-testid="gen-charset"
              />
              <NumberInput label={t('vouchers.generate.codeLength')} description={t('vouchers.generate.codeLengthHint')} min={3} max={12} allowDecimal={false} allowNegative={false} {...form.getInputProps('codeLength')} data-testid="gen-length" />
            </SimpleGrid>
            <Switch label={t('vouchers.generate.avoidAmbiguous')} description={t('vouchers.generate.avoidAmbiguousHint')} {...form.getInputProps('avoidAmbiguous', { type: 'checkbox' })} data-testid="gen-avoid" />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput label={t('vouchers.generate.prefix')} description={t('vouchers.generate.prefixHint')} maxLength={6} autoCapitalize="none" {...form.getInputProps('prefix')} data-testid="gen-prefix" />
              <TextInput label={t('vouchers.generate.note')} description={t('vouchers.generate.noteHint')} maxLength={40} {...form.getInputProps('note')} data-testid="gen-note" />
            </SimpleGrid>
            <Text size="sm" data-testid="gen-example">
              {t('vouchers.generate.example')}{' '}
              <Text span ff="monospace" fw={700}>
                {example}
              </Text>
              {v.mode === 'up' && <Text span c="dimmed">{` · ${t('vouchers.generate.examplePassword')}`}</Text>}
            </Text>
            <ErrorAlert error={error} />
            <Group justify="flex-end" mt="sm">
              <Button variant="subtle" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} data-testid="gen-submit">
                {t('vouchers.generate.submit', { count: typeof v.quantity === 'number' ? v.quantity : 0 })}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
