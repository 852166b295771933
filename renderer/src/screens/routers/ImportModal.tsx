import { Modal, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RouterDto } from '../../../../shared/contract';
import { useCan } from '../../store/session';
import { useIsPhone } from '../../lib/useIsPhone';
import { PppImport } from './PppImport';
import { VoucherImport } from './VoucherImport';

/** Adopt an existing router: PPPoE customers (billing) and hotspot vouchers (Mikhmon stock). */
export function ImportModal({ router, onClose }: { router: RouterDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const canBilling = useCan('billing.manage');
  const canVouchers = useCan('vouchers.manage');
  const phone = useIsPhone();
  return (
    <Modal opened={router !== null} onClose={onClose} title={t('routerImport.title', { name: router?.name ?? '' })} size="xl" fullScreen={phone} data-testid="import-modal">
      {router && (
        <Tabs defaultValue={canBilling ? 'ppp' : 'hotspot'} keepMounted={false}>
          <Tabs.List mb="sm">
            {canBilling && <Tabs.Tab value="ppp" data-testid="import-tab-ppp">{t('routerImport.tabPpp')}</Tabs.Tab>}
            {canVouchers && <Tabs.Tab value="hotspot" data-testid="import-tab-hotspot">{t('routerImport.tabHotspot')}</Tabs.Tab>}
          </Tabs.List>
          <Tabs.Panel value="ppp">
            <PppImport router={router} onClose={onClose} />
          </Tabs.Panel>
          <Tabs.Panel value="hotspot">
            <VoucherImport router={router} onClose={onClose} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Modal>
  );
}
