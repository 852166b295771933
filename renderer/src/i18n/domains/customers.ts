/** Texts of the customer screens (list, form, customer page, import/export). id and en have the same keys. */
export const customersText = {
  id: {
    title: 'Pelanggan',
  },
  en: {
    title: 'Customers',
  },
};
