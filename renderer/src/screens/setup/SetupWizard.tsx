import { Button, Group, Progress, Stack, Stepper, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contract } from '../../../../shared/contract';
import type { Language } from '../../../../shared/settings';
import { call } from '../../api/client';
import { AuthFrame } from '../../components/AuthFrame';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyLanguage, currentLanguage, isLanguage } from '../../i18n';
import { apiIssues, issuesToErrors } from '../../lib/errors';
import { useIsPhone } from '../../lib/useIsPhone';
import { customIssue, zodValidate } from '../../lib/validate';
import { useSession } from '../../store/session';
import { LocaleStep, OfficeStep, OwnerStep } from './SetupSteps';

export interface SetupValues {
  office: { name: string; address: string; phone: string; npwp: string; logo: string | null };
  locale: { language: Language; timezone: string };
  owner: { fullName: string; username: string; password: string; confirmPassword: string };
}

const STEP_PREFIXES = ['office.', 'locale.', 'owner.'] as const;
const STEP_NAMES = ['setup.stepOffice', 'setup.stepLocale', 'setup.stepOwner'];

const validate = zodValidate<SetupValues>(contract['setup.complete'].input, {
  extra: (v) => (v.owner.confirmPassword !== v.owner.password ? [customIssue('owner.confirmPassword')] : []),
});

/** First run: office profile, language and time zone, then the owner account; ends logged in. */
export function SetupWizard() {
  const { t, i18n } = useTranslation();
  const signedIn = useSession((s) => s.signedIn);
  const phone = useIsPhone();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useForm<SetupValues>({
    mode: 'controlled',
    initialValues: {
      office: { name: '', address: '', phone: '', npwp: '', logo: null },
      locale: { language: currentLanguage(), timezone: 'Asia/Jakarta' },
      owner: { fullName: '', username: '', password: '', confirmPassword: '' },
    },
    validate,
    validateInputOnBlur: true,
  });

  // The language switch at the top and the office language field move together.
  useEffect(() => {
    if (isLanguage(i18n.language) && form.getValues().locale.language !== i18n.language) form.setFieldValue('locale.language', i18n.language);
  }, [i18n.language, form]);

  const errorsOf = (all: Record<string, unknown>, prefix: string) => Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(prefix)));
  const firstStepWithError = (all: Record<string, unknown>) => STEP_PREFIXES.findIndex((p) => Object.keys(all).some((k) => k.startsWith(p)));

  const next = () => {
    const mine = errorsOf(validate(form.getValues()), STEP_PREFIXES[step] ?? '');
    form.setErrors(mine as never);
    if (Object.keys(mine).length === 0) setStep((s) => s + 1);
  };

  const submit = async () => {
    setError(null);
    const all = validate(form.getValues());
    if (Object.keys(all).length) {
      form.setErrors(all as never);
      setStep(Math.max(0, firstStepWithError(all)));
      return;
    }
    const { office, locale, owner } = form.getValues();
    setBusy(true);
    try {
      const session = await call('setup.complete', { office, locale, owner: { fullName: owner.fullName, username: owner.username, password: owner.password } });
      await signedIn(session);
    } catch (err) {
      const issues = apiIssues(err);
      if (issues.length) {
        const errs = issuesToErrors(issues);
        form.setErrors(errs);
        setStep(Math.max(0, firstStepWithError(errs)));
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const last = step === STEP_PREFIXES.length - 1;
  return (
    <AuthFrame width={620} footer="Mikrotik Billing">
      <Stack gap="md">
        <div>
          <Title order={1} size="h3">
            {t('setup.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('setup.intro')}
          </Text>
        </div>
        {phone ? (
          <div data-testid="setup-stepper">
            <Text size="sm" fw={600}>
              {t('setup.stepOf', { step: step + 1, total: STEP_PREFIXES.length, name: t(STEP_NAMES[step] ?? '') })}
            </Text>
            <Progress value={((step + 1) / STEP_PREFIXES.length) * 100} size="sm" mt={6} />
          </div>
        ) : (
          <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} size="sm" data-testid="setup-stepper">
            {STEP_NAMES.map((key) => (
              <Stepper.Step key={key} label={t(key)} />
            ))}
          </Stepper>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (last) void submit();
            else next();
          }}
        >
          <Stack gap="sm">
            {step === 0 && <OfficeStep form={form} />}
            {step === 1 && <LocaleStep form={form} onLanguage={(l) => void applyLanguage(l)} />}
            {step === 2 && <OwnerStep form={form} />}
            <ErrorAlert error={error} testId="setup-error" />
            <Group justify="space-between" mt="sm">
              <Button variant="default" onClick={() => setStep((s) => s - 1)} disabled={step === 0 || busy} data-testid="setup-back">
                {t('common.back')}
              </Button>
              <Button type="submit" loading={busy} data-testid={last ? 'setup-submit' : 'setup-next'}>
                {last ? t('setup.finish') : t('common.next')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </AuthFrame>
  );
}
