/** In-repo doubles of Tripay, Midtrans Snap and Xendit Invoice (see README.md), plus shared plumbing. */
export { startTripaySim, type TripaySim, type TripaySimOptions, type TripayTransaction, type TripayStatus, type WebhookOverrides } from './tripay';
export { startMidtransSim, type MidtransSim, type MidtransSimOptions, type MidtransTransaction, type MidtransStatus } from './midtrans';
export { startXenditSim, type XenditSim, type XenditSimOptions, type XenditInvoice, type XenditStatus } from './xendit';
export { startWebhookReceiver, type WebhookReceiver, type Received } from './receiver';
export type { Delivery, DeliveryAttempt, LoggedRequest, PeerFaults } from './peer-http';
