import { Button, FileButton, Group, Image, Input, Paper, Text } from '@mantine/core';
import { IconPhoto, IconTrash } from '@tabler/icons-react';
import { useState, type ComponentProps, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'];
/** The server takes a data URL of at most 350 000 characters: 256 KB of image fits. */
export const MAX_LOGO_BYTES = 256 * 1024;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => (typeof r.result === 'string' ? resolve(r.result) : reject(new Error('read failed')));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

/** Office logo: pick a PNG/JPEG/WebP/SVG file, checked here for type and size, previewed, stored as a data URL. */
export function LogoInput({ value, onChange, error }: { value: string | null; onChange: (v: string | null) => void; error?: ReactNode }) {
  const { t } = useTranslation();
  const [localError, setLocalError] = useState<string | null>(null);
  const pick = async (file: File | null) => {
    setLocalError(null);
    if (!file) return;
    if (!TYPES.includes(file.type)) return setLocalError(t('logo.wrongType'));
    if (file.size > MAX_LOGO_BYTES) return setLocalError(t('logo.tooBig', { kb: Math.ceil(file.size / 1024), max: MAX_LOGO_BYTES / 1024 }));
    try {
      onChange(await readAsDataUrl(file));
    } catch {
      setLocalError(t('logo.unreadable'));
    }
  };
  return (
    <Input.Wrapper label={t('office.logo')} description={t('logo.hint', { max: MAX_LOGO_BYTES / 1024 })} error={localError ?? error}>
      <Group mt={6} gap="md" wrap="nowrap">
        <Paper withBorder w={72} h={72} radius="sm" style={{ display: 'grid', placeItems: 'center', flexShrink: 0 }}>
          {value ? <Image src={value} alt={t('office.logo')} w={64} h={64} fit="contain" data-testid="logo-preview" /> : <IconPhoto size={28} color="var(--mantine-color-gray-5)" />}
        </Paper>
        <Group gap="xs">
          <FileButton onChange={(f) => void pick(f)} accept={TYPES.join(',')} inputProps={{ 'data-testid': 'logo-file' } as ComponentProps<'input'>}>
            {(props) => (
              <Button variant="default" size="xs" {...props} data-testid="logo-choose">
                {value ? t('logo.change') : t('logo.choose')}
              </Button>
            )}
          </FileButton>
          {value && (
            <Button variant="subtle" color="red" size="xs" leftSection={<IconTrash size={14} />} onClick={() => onChange(null)} data-testid="logo-remove">
              {t('logo.remove')}
            </Button>
          )}
        </Group>
      </Group>
      {!value && !localError && !error && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('logo.none')}
        </Text>
      )}
    </Input.Wrapper>
  );
}
