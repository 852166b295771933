import { Accordion, Button, Group, Input, Modal, PasswordInput, Radio, SegmentedControl, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountInputSchema, FEE_BEARERS, GATEWAY_ENVS, GATEWAY_FLAVOURS, GATEWAYS, SIGNATURE_SCHEMES, type FeeBearer, type Gateway, type GatewayEnvironment, type GatewayFlavour, type PaymentAccountDto, type SignatureScheme } from '../../../../shared/contract';
import { ApiError, call } from '../../api/client';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { zodValidate } from '../../lib/validate';
import { useIsPhone } from '../../lib/useIsPhone';
import type { AnyIssue } from '../../lib/errors';
import { CallbackUrl } from './CallbackUrl';
import { GatewayErrorAlert, GatewayErrorText } from './gatewayText';

interface Values {
  gateway: Gateway;
  name: string;
  env: GatewayEnvironment;
  merchantCode: string;
  apiKey: string;
  secondaryKey: string;
  signatureScheme: SignatureScheme;
  flavour: GatewayFlavour;
  enabled: boolean;
  methods: string[];
  feeBearer: FeeBearer;
  publicBaseUrl: string;
  baseUrl: string;
}

const EMPTY: Values = { gateway: 'duitku', name: '', env: 'sandbox', merchantCode: '', apiKey: '', secondaryKey: '', signatureScheme: 'hmac-sha256', flavour: 'v2', enabled: true, methods: [], feeBearer: 'customer', publicBaseUrl: '', baseUrl: '' };
/** Which gateways use the merchant code and a second key (shared/reference/payments.md). */
const USES_MERCHANT: readonly Gateway[] = ['duitku', 'tripay'];
const USES_SECONDARY: readonly Gateway[] = ['tripay', 'xendit'];
const FIELDS = ['name', 'merchantCode', 'apiKey', 'secondaryKey', 'publicBaseUrl', 'baseUrl', 'methods'] as const;

/** The input the contract takes: empty keys on an edit keep the stored ones; fields a gateway does not use are blank. */
function toInput(v: Values) {
  return {
    gateway: v.gateway,
    name: v.name,
    env: v.env,
    merchantCode: USES_MERCHANT.includes(v.gateway) ? v.merchantCode : '',
    apiKey: v.apiKey.trim() === '' ? undefined : v.apiKey,
    secondaryKey: USES_SECONDARY.includes(v.gateway) && v.secondaryKey.trim() !== '' ? v.secondaryKey : undefined,
    signatureScheme: v.signatureScheme,
    flavour: v.flavour,
    enabled: v.enabled,
    methods: v.methods.map((m) => m.trim()).filter(Boolean),
    feeBearer: v.feeBearer,
    publicBaseUrl: v.publicBaseUrl.trim(),
    baseUrl: v.baseUrl.trim() === '' ? null : v.baseUrl.trim(),
  };
}

/** A client-only "required" issue (the field is blank); IssueText says it in the UI language. */
const required = (field: string): AnyIssue => ({ code: 'too_small', path: [field], message: 'required', origin: 'string', minimum: 1, inclusive: true } as AnyIssue);

function fromAccount(a: PaymentAccountDto): Values {
  return { ...a, apiKey: '', secondaryKey: '', baseUrl: a.baseUrl ?? '' };
}

/** Add or edit a gateway account. Keys are write-only: an edit starts with them empty and keeps the stored ones. */
export function AccountFormModal({ opened, account, onClose, onSaved }: { opened: boolean; account: PaymentAccountDto | null; onClose: () => void; onSaved: (a: PaymentAccountDto) => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  // The form exists only while open: a typed key leaves the page as soon as the modal closes.
  return (
    <Modal opened={opened} onClose={onClose} fullScreen={phone} title={account ? t('gateway.form.editTitle', { name: account.name }) : t('gateway.form.createTitle')} size="lg" data-testid="account-form">
      {opened && <AccountForm key={account?.id ?? 'new'} account={account} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function AccountForm({ account, onClose, onSaved }: { account: PaymentAccountDto | null; onClose: () => void; onSaved: (a: PaymentAccountDto) => void }) {
  const { t } = useTranslation();
  const editing = account !== null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: account ? fromAccount(account) : EMPTY,
    validate: zodValidate<Values>(accountInputSchema, {
      map: toInput,
      extra: (v) => {
        const out: AnyIssue[] = [];
        if (!editing && v.apiKey.trim() === '') out.push(required('apiKey'));
        const needsSecondary = v.gateway === 'tripay' && !(editing && account.hasSecondaryKey && account.gateway === 'tripay');
        if (needsSecondary && v.secondaryKey.trim() === '') out.push(required('secondaryKey'));
        if (USES_MERCHANT.includes(v.gateway) && v.merchantCode.trim() === '') out.push(required('merchantCode'));
        return out;
      },
    }),
  });

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      const input = toInput(v);
      const saved = editing ? await call('gateway.updateAccount', { ...input, id: account.id, clearSecondaryKey: false }) : await call('gateway.createAccount', input);
      onSaved(saved);
    } catch (err) {
      const issues = apiIssues(err);
      const field = err instanceof ApiError && typeof err.details?.field === 'string' ? err.details.field : null;
      if (issues.length > 0) form.setErrors(issuesToErrors(issues));
      else if (field && (FIELDS as readonly string[]).includes(field)) form.setErrors({ [field]: <GatewayErrorText error={err} /> });
      setError(field && (FIELDS as readonly string[]).includes(field) && issues.length === 0 ? null : err);
    } finally {
      setBusy(false);
    }
  });

  const v = form.getValues();
  const keyDescription = (stored: boolean) => (stored ? t('gateway.form.keyStored') : t('gateway.form.keyWriteOnly'));
  const secondaryLabel = v.gateway === 'tripay' || v.gateway === 'xendit' ? t(`gateway.form.secondaryKey.${v.gateway}`) : '';
  const storedSecondary = editing && account.gateway === v.gateway && account.hasSecondaryKey;

  return (
    <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select<Gateway>
            label={t('gateway.form.gateway')}
            data={GATEWAYS.map((g) => ({ value: g, label: t(`gateway.names.${g}`) }))}
            allowDeselect={false}
            withAsterisk
            {...form.getInputProps('gateway')}
            data-testid="account-gateway"
          />
          <Text size="xs" c="dimmed" mt={-6} data-testid="account-keys-needed">
            {t('gateway.form.keysNeeded', { gateway: t(`gateway.names.${v.gateway}`), keys: t(`gateway.form.keyNames.${v.gateway}`) })}
          </Text>
          <TextInput label={t('gateway.form.name')} description={t('gateway.form.nameHint')} withAsterisk {...form.getInputProps('name')} data-testid="account-name" />
          <Radio.Group label={t('gateway.form.env')} description={t('gateway.form.envHint')} value={v.env} onChange={(e) => form.setFieldValue('env', GATEWAY_ENVS.find((x) => x === e) ?? 'sandbox')} data-testid="account-env-input">
            <Stack gap={6} mt={6}>
              {GATEWAY_ENVS.map((e) => (
                <Radio key={e} value={e} label={t(`gateway.envs.${e}`)} data-testid={`account-env-${e}`} />
              ))}
            </Stack>
          </Radio.Group>
          {USES_MERCHANT.includes(v.gateway) && <TextInput label={t('gateway.form.merchantCode')} withAsterisk autoCapitalize="characters" autoComplete="off" {...form.getInputProps('merchantCode')} data-testid="account-merchant" />}
          <PasswordInput
            label={t(`gateway.form.apiKey.${v.gateway}`)}
            description={keyDescription(editing && account.hasApiKey)}
            withAsterisk={!editing}
            autoComplete="new-password"
            {...form.getInputProps('apiKey')}
            data-testid="account-api-key"
          />
          {USES_SECONDARY.includes(v.gateway) && (
            <PasswordInput
              label={secondaryLabel}
              description={keyDescription(storedSecondary)}
              withAsterisk={v.gateway === 'tripay' && !storedSecondary}
              autoComplete="new-password"
              {...form.getInputProps('secondaryKey')}
              data-testid="account-secondary-key"
            />
          )}
          {v.gateway === 'duitku' && (
            <>
              <Select<SignatureScheme>
                label={t('gateway.form.scheme')}
                description={t('gateway.form.schemeHint')}
                data={SIGNATURE_SCHEMES.map((s) => ({ value: s, label: t(`gateway.schemes.${s}`) }))}
                allowDeselect={false}
                {...form.getInputProps('signatureScheme')}
                data-testid="account-scheme"
              />
              <Radio.Group label={t('gateway.form.flavour')} description={t('gateway.form.flavourHint')} value={v.flavour} onChange={(f) => form.setFieldValue('flavour', GATEWAY_FLAVOURS.find((x) => x === f) ?? 'v2')} data-testid="account-flavour">
                <Stack gap={6} mt={6}>
                  {GATEWAY_FLAVOURS.map((f) => (
                    <Radio key={f} value={f} label={t(`gateway.flavours.${f}`)} data-testid={`account-flavour-${f}`} />
                  ))}
                </Stack>
              </Radio.Group>
            </>
          )}
          <TagsInput label={t('gateway.form.methods')} description={t('gateway.form.methodsHint')} splitChars={[',', ' ']} clearable {...form.getInputProps('methods')} data-testid="account-methods" />
          <Input.Wrapper label={t('gateway.form.feeBearer')} description={t('gateway.form.feeBearerHint')}>
            <SegmentedControl mt={6} w="fit-content" value={v.feeBearer} onChange={(f) => form.setFieldValue('feeBearer', FEE_BEARERS.find((x) => x === f) ?? 'customer')} data={FEE_BEARERS.map((f) => ({ value: f, label: t(`gateway.feeBearers.${f}`) }))} data-testid="account-fee-bearer" />
          </Input.Wrapper>
          <Switch label={t('gateway.form.enabled')} {...form.getInputProps('enabled', { type: 'checkbox' })} data-testid="account-enabled" />
          <TextInput label={t('gateway.form.publicBaseUrl')} description={t('gateway.form.publicBaseUrlHint')} placeholder="https://billing.contoh.net" autoCapitalize="none" {...form.getInputProps('publicBaseUrl')} data-testid="account-public-url" />
          {editing && account.callbackUrl && account.publicBaseUrl === v.publicBaseUrl.trim() && <CallbackUrl url={account.callbackUrl} />}
          <Accordion variant="contained" defaultValue={editing && account.baseUrl ? 'advanced' : null}>
            <Accordion.Item value="advanced">
              <Accordion.Control data-testid="account-advanced">{t('gateway.form.advanced')}</Accordion.Control>
              <Accordion.Panel>
                <TextInput label={t('gateway.form.baseUrl')} description={t('gateway.form.baseUrlHint')} autoCapitalize="none" {...form.getInputProps('baseUrl')} data-testid="account-base-url" />
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
          <GatewayErrorAlert error={error} />
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="account-save">
              {t('gateway.form.save')}
            </Button>
          </Group>
        </Stack>
    </form>
  );
}
