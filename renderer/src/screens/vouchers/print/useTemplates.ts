import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoucherTemplateDto } from '../../../../../shared/contract/voucher-templates';
import { formatRupiah } from '../../../lib/format';
import { useLanguage } from '../../../i18n';
import { useCall } from '../../../lib/useCall';
import { builtinTemplates, type CardLabels } from './engine/builtins';
import { dataText, durationWords, type Formatters } from './engine/fields';
import type { TemplateSource } from './engine/render';

export interface TemplateOption {
  /** `builtin:a4` or `user:12`. */
  key: string;
  name: string;
  builtin: boolean;
  source: TemplateSource;
  dto: VoucherTemplateDto | null;
}

export const DEFAULT_TEMPLATE = 'builtin:a4';

/** The built-in templates with their words in the UI language. */
export function useBuiltins(): TemplateOption[] {
  const { t, i18n } = useTranslation();
  return useMemo(() => {
    const labels: CardLabels = { code: t('printing.labels.code'), username: t('printing.labels.username'), password: t('printing.labels.password'), login: t('printing.labels.login') };
    return builtinTemplates(labels).map((b) => ({ key: `builtin:${b.key}`, name: t(`printing.builtinNames.${b.key}`), builtin: true, source: b, dto: null }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the built-in names must follow a language switch even where t keeps its identity
  }, [t, i18n.language]);
}

/** Built-in templates first, then the office's own (by name). */
export function useTemplateOptions() {
  const builtins = useBuiltins();
  const mine = useCall('vouchers.templates', {});
  const options = useMemo<TemplateOption[]>(
    () => [...builtins, ...(mine.data ?? []).map((d) => ({ key: `user:${d.id}`, name: d.name, builtin: false, source: d, dto: d }))],
    [builtins, mine.data],
  );
  return { options, loading: mine.loading, error: mine.error, reload: mine.reload };
}

/** Money, durations and data limits as the vouchers print them, in the UI language. */
export function useFormatters(): Formatters {
  const { t } = useTranslation();
  const lang = useLanguage();
  return useMemo(() => ({ money: (n) => formatRupiah(n, lang), duration: (d) => (d === null ? t('printing.noExpiry') : durationWords(d, (n, u) => t(`printing.units.${u}`, { n }))), dataMb: dataText }), [t, lang]);
}
