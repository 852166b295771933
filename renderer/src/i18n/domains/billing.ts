/** Texts of plans, invoices, payments, receipts and the billing dashboard. id and en have the same keys. */
export const billingText = {
  id: {
    title: 'Keuangan',
  },
  en: {
    title: 'Billing',
  },
};
