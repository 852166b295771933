// PDFs of receipts and invoices (WhatsApp receipts, the customer portal's downloads).
export { invoicePdf } from './invoice';
export { receiptPdf } from './receipt';
export type { PdfFile, PdfOptions } from './options';
