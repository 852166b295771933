import { Button, FileButton, Group, Image, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCamera, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_CATEGORIES, type TicketCategory, type TicketPhotoMime } from '../../../../shared/contract/tickets';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCall } from '../../lib/useCall';
import { useIsPhone } from '../../lib/useIsPhone';
import { useCan } from '../../store/session';
import { CustomerSelect } from '../whatsapp/CustomerSelect';
import { shrinkPhoto } from './photo';

/** Staff write down a customer's trouble (a phone call, at the counter); the customer gets the WhatsApp confirmation. */
export function NewTicketModal({ opened, onClose, onCreated, customer: fixed }: { opened: boolean; onClose: () => void; onCreated: (id: number) => void; customer?: { id: number; name: string } }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const canManage = useCan('tickets.manage');
  const [customer, setCustomer] = useState<{ id: number; name: string } | null>(fixed ?? null);
  const [category, setCategory] = useState<TicketCategory>('no_internet');
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<{ mime: TicketPhotoMime; base64: string; dataUrl: string } | null>(null);
  const [photoBad, setPhotoBad] = useState(false);
  const [assignTo, setAssignTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const people = useCall('tickets.assignees', {}, opened && canManage);
  const reset = () => {
    setCustomer(fixed ?? null);
    setCategory('no_internet');
    setText('');
    setPhoto(null);
    setPhotoBad(false);
    setAssignTo(null);
    setError(null);
    setMissing(false);
  };
  const close = () => {
    reset();
    onClose();
  };
  const submit = async () => {
    if (!customer) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await call('tickets.create', { customerId: customer.id, category, text, photo: photo ? { mime: photo.mime, base64: photo.base64 } : null, assignTo: assignTo ? Number(assignTo) : null });
      notifications.show({ color: 'green', message: t('tickets.create.created', { number: created.number }) });
      reset();
      onCreated(created.id);
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={t('tickets.create.title')} fullScreen={phone} size="lg" data-testid="ticket-create">
      <Stack gap="sm">
        {fixed ? (
          <Text size="sm">
            {t('tickets.create.customer')}: <b>{fixed.name}</b>
          </Text>
        ) : (
          <div>
            <CustomerSelect label={t('tickets.create.customer')} placeholder={t('tickets.create.customerPlaceholder')} value={customer} onChange={(c) => { setCustomer(c); setMissing(false); }} testId="ticket-create-customer" />
            {missing && (
              <Text size="xs" c="red" mt={4} data-testid="ticket-create-missing">
                {t('tickets.create.needCustomer')}
              </Text>
            )}
          </div>
        )}
        <Select label={t('tickets.create.category')} value={category} onChange={(v) => v && setCategory(v as TicketCategory)} allowDeselect={false} data={TICKET_CATEGORIES.map((c) => ({ value: c, label: t(`tickets.categories.${c}`) }))} data-testid="ticket-create-category" />
        <Textarea label={t('tickets.create.text')} placeholder={t('tickets.create.textPlaceholder')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={3} maxRows={8} maxLength={2000} data-testid="ticket-create-text" />
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('tickets.create.photo')}
          </Text>
          {photo ? (
            <Group gap="sm" align="flex-start">
              <Image src={photo.dataUrl} alt="" h={96} w="auto" fit="contain" radius="sm" />
              <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setPhoto(null)}>
                {t('tickets.create.photoRemove')}
              </Button>
            </Group>
          ) : (
            <FileButton
              accept="image/*"
              onChange={(f) => {
                if (!f) return;
                void shrinkPhoto(f).then((p) => {
                  setPhoto(p);
                  setPhotoBad(p === null);
                });
              }}
            >
              {(props) => (
                <Button {...props} variant="light" leftSection={<IconCamera size={16} />} data-testid="ticket-create-photo">
                  {t('tickets.create.photoPick')}
                </Button>
              )}
            </FileButton>
          )}
          {photoBad && (
            <Text size="xs" c="red" mt={4}>
              {t('tickets.create.photoBad')}
            </Text>
          )}
        </div>
        {canManage && (
          <Select
            label={t('tickets.create.assignTo')}
            placeholder={t('tickets.page.nobody')}
            value={assignTo}
            onChange={setAssignTo}
            clearable
            data={(people.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
            data-testid="ticket-create-assign"
          />
        )}
        <ErrorAlert error={error} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} onClick={() => void submit()} data-testid="ticket-create-submit">
            {t('tickets.create.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
