import type { VoucherShopInfo } from '../../../../shared/contract/payments';
import { useTranslation } from 'react-i18next';
import { svgDataUrl } from './print/engine/qr';

/**
 * The voucher shop's A4 poster: office, "Beli voucher WiFi di sini", the QR code, the address and the prices.
 * Inline styles only: the desktop print hook renders this HTML without the app's styles (DOC_CSS only).
 */
export function ShopPoster({ office, url, qrSvg, profiles, money }: { office: string; url: string; qrSvg: string; profiles: VoucherShopInfo['profiles']; money: (n: number) => string }) {
  const { t } = useTranslation();
  return (
    <div className="mbdoc mbdoc-a4" style={{ textAlign: 'center', paddingTop: '8mm' }} data-testid="shop-poster">
      {office && <div style={{ fontSize: '20pt', fontWeight: 700 }}>{office}</div>}
      <div style={{ fontSize: '34pt', fontWeight: 800, lineHeight: 1.15, margin: '6mm 0 4mm' }}>{t('vouchers.shop.posterTitle')}</div>
      <img src={svgDataUrl(qrSvg)} alt="" style={{ width: '95mm', height: '95mm', display: 'block', margin: '0 auto' }} />
      <div className="muted" style={{ fontSize: '12pt', marginTop: '3mm' }}>
        {t('vouchers.shop.posterOr')}
      </div>
      <div style={{ fontSize: '16pt', fontWeight: 700, fontFamily: 'monospace', wordBreak: 'break-all' }}>{url.replace(/^https?:\/\//, '')}</div>
      <div style={{ fontSize: '12pt', margin: '5mm auto', maxWidth: '150mm' }}>{t('vouchers.shop.posterSteps')}</div>
      {profiles.length > 0 && (
        <table style={{ width: '120mm', margin: '0 auto', fontSize: '14pt' }}>
          <tbody>
            {profiles.map((p) => (
              <tr key={p.id}>
                <td style={{ borderBottom: '1px solid #ccc', padding: '2mm 3mm' }}>{p.name}</td>
                <td className="num strong" style={{ borderBottom: '1px solid #ccc', padding: '2mm 3mm' }}>
                  {money(p.price)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
