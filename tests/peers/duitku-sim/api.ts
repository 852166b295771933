/**
 * DuitKu's merchant HTTP API (payments reference §2–§5, §8): V2 inquiry, transactionStatus and
 * getpaymentmethod under /webapi/api/merchant/…, POP createInvoice and transactionStatus under /api/merchant/….
 * One server answers both path sets, so an adapter can point its API and POP hosts at one base URL.
 */
import { json, type PeerReply, type PeerRequest } from '../gateways/peer-http';
import { expiryBounds, feeFor, methodImage, methodsFor } from './methods';
import { sameDigest, sign } from './signing';
import { DuitkuState, type SimMerchant, type SimTransaction } from './state';
import { DATETIME, EMAIL, Refusal, bad, digits, int, jsonBody, str } from './validate';

export const PATHS = {
  inquiry: '/webapi/api/merchant/v2/inquiry',
  status: '/webapi/api/merchant/transactionStatus',
  methods: '/webapi/api/merchant/paymentmethod/getpaymentmethod',
  popCreate: '/api/merchant/createInvoice',
  popStatus: '/api/merchant/transactionStatus',
  payV2: '/topup/topupdirectv2.aspx',
  payPop: '/redirect_checkout',
} as const;

export interface ApiConfig {
  baseUrl: () => string;
  /** Key of the deeplink in inquiry answers: the docs' table says appUrl, their example AppUrl (§5.1). */
  appUrlKey: 'appUrl' | 'AppUrl';
  /** How far a POP x-duitku-timestamp (epoch ms) may be from real time (ms). */
  popTimestampSkewMs: number;
}

const wrongSignature = (): Refusal => new Refusal(401, 'Wrong signature');

export class DuitkuApi {
  /** merchant+orderId of inquiries still being processed (until their answer is sent): a second one gets 409. */
  private readonly inflight = new Map<string, number>();

  constructor(private readonly state: DuitkuState, private readonly cfg: ApiConfig) {}

  /** Routes the API calls; null = not an API path. */
  async handle(req: PeerRequest): Promise<PeerReply | null> {
    const route = Object.entries(PATHS).find(([, p]) => p.toLowerCase() === req.path.toLowerCase())?.[0];
    if (!route || route === 'payV2' || route === 'payPop') return null;
    if (req.method !== 'POST') return json(405, { Message: `The requested resource does not support http method '${req.method}'.` });
    try {
      switch (route) {
        case 'inquiry': return this.inquiry(req);
        case 'popCreate': return this.popCreate(req);
        case 'status':
        case 'popStatus': return this.status(req);
        case 'methods': return this.methods(req);
        default: return null;
      }
    } catch (e) {
      if (e instanceof Refusal) return e.reply();
      throw e;
    }
  }

  private merchant(code: string): SimMerchant {
    const m = this.state.merchants.get(code);
    if (!m) throw new Refusal(401, 'Merchant not found');
    return m;
  }

  private inquiry(req: PeerRequest): PeerReply {
    const body = jsonBody(req);
    const merchantCode = str(body, 'merchantCode', 50, true);
    const merchant = this.merchant(merchantCode);
    const input = this.transactionInput(body, 'v2');
    const signature = str(body, 'signature', 255, true);
    // Interim scheme: the inquiry says hashAlgorithm sha256; without it DuitKu would check MD5 (§1, §3).
    if (merchant.scheme === 'sha256' && body.hashAlgorithm !== 'sha256') throw wrongSignature();
    const expected = sign(merchant.scheme, 'inquiry', { merchantCode, merchantOrderId: input.merchantOrderId, paymentAmount: digits(input.amount) }, merchant.apiKey);
    if (!sameDigest(expected, signature)) throw wrongSignature();
    return this.create(merchant, input, 'v2', body);
  }

  private popCreate(req: PeerRequest): PeerReply {
    const merchantCode = req.headers['x-duitku-merchantcode'] ?? '';
    const timestamp = req.headers['x-duitku-timestamp'] ?? '';
    const signature = req.headers['x-duitku-signature'] ?? '';
    if (!merchantCode || !timestamp || !signature) throw new Refusal(401, 'Unauthorized: x-duitku-signature, x-duitku-timestamp and x-duitku-merchantcode are required');
    const merchant = this.merchant(merchantCode);
    if (!/^\d{13}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > this.cfg.popTimestampSkewMs) throw new Refusal(401, 'Invalid timestamp');
    if (!sameDigest(sign(merchant.scheme, 'popHeader', { merchantCode, timestamp }, merchant.apiKey), signature)) throw wrongSignature();
    const body = jsonBody(req);
    const input = this.transactionInput(body, 'pop');
    return this.create(merchant, input, 'pop', body);
  }

  private transactionInput(body: Record<string, unknown>, flavour: 'v2' | 'pop') {
    const amount = int(body, 'paymentAmount', true)!;
    if (amount <= 0) throw bad('paymentAmount must be greater than 0.');
    const merchantOrderId = str(body, 'merchantOrderId', 50, true);
    const paymentMethod = str(body, 'paymentMethod', 2, flavour === 'v2');
    const method = paymentMethod ? methodsFor(this.state.methods, amount).find((x) => x.code === paymentMethod) : undefined;
    if (paymentMethod && !method) throw bad(`Payment channel ${paymentMethod} is not available for this amount.`);
    const email = str(body, 'email', 255, true);
    if (!EMAIL.test(email)) throw bad('email is not valid.');
    const expiryPeriod = int(body, 'expiryPeriod', false);
    const bounds = expiryBounds(method);
    if (expiryPeriod !== null && bounds && (expiryPeriod < 1 || expiryPeriod > bounds.max)) throw bad(`expiryPeriod must be between 1 and ${bounds.max} minutes.`);
    const items = body.itemDetails;
    if (items !== undefined && items !== null) {
      if (!Array.isArray(items)) throw bad('itemDetails must be an array.');
      let sumPrice = 0;
      let sumTotal = 0;
      for (const it of items as Record<string, unknown>[]) {
        if (typeof it !== 'object' || it === null) throw bad('itemDetails is invalid.');
        str(it, 'name', 50, true);
        const price = int(it, 'price', true)!;
        const quantity = int(it, 'quantity', true)!;
        sumPrice += price;
        sumTotal += price * quantity;
      }
      // Integrations disagree whether price is per unit or per line; either sum may match.
      if (sumPrice !== amount && sumTotal !== amount) throw new Refusal(409, 'Total amount of itemDetails is different from paymentAmount.');
    }
    return {
      amount,
      merchantOrderId,
      paymentMethod: paymentMethod || null,
      method,
      productDetails: str(body, 'productDetails', 255, true),
      email,
      additionalParam: str(body, 'additionalParam', 255, false),
      merchantUserInfo: str(body, 'merchantUserInfo', 255, false),
      customerVaName: str(body, 'customerVaName', 20, flavour === 'v2'),
      phoneNumber: str(body, 'phoneNumber', 50, false),
      callbackUrl: str(body, 'callbackUrl', 255, true),
      returnUrl: str(body, 'returnUrl', 255, true),
      expiryMinutes: expiryPeriod ?? bounds?.default ?? 1440,
    };
  }

  private create(merchant: SimMerchant, input: ReturnType<DuitkuApi['transactionInput']>, flavour: 'v2' | 'pop', body: Record<string, unknown>): PeerReply {
    const key = DuitkuState.key(merchant.code, input.merchantOrderId);
    const busy = this.inflight.get(key);
    if (busy !== undefined) {
      if (busy !== input.amount) throw bad('Amount is different please try again later.');
      throw new Refusal(409, 'The transaction is still in progress.');
    }
    const existing = this.state.get(merchant.code, input.merchantOrderId);
    if (existing) {
      if (existing.amount !== input.amount) throw bad('Amount is different please try again later.');
      // Reuse after the first one ended is undocumented (§18.4); this double refuses it so ids stay new per attempt.
      if (existing.status !== '01') throw bad(`merchantOrderId ${input.merchantOrderId} has already been used.`);
      return this.answer(existing);
    }
    const now = this.state.now();
    const reference = this.state.newReference(merchant.code);
    const base = this.cfg.baseUrl();
    const kind = input.method?.kind;
    const tx: SimTransaction = {
      merchantCode: merchant.code,
      merchantOrderId: input.merchantOrderId,
      reference,
      flavour,
      amount: input.amount,
      paidAmount: null,
      paymentMethod: input.paymentMethod,
      productDetails: input.productDetails,
      email: input.email,
      additionalParam: input.additionalParam,
      merchantUserInfo: input.merchantUserInfo,
      customerVaName: input.customerVaName,
      callbackUrl: input.callbackUrl,
      returnUrl: input.returnUrl,
      paymentUrl: flavour === 'v2' ? `${base}${PATHS.payV2}?ref=${reference}` : `${base}${PATHS.payPop}?reference=${reference}`,
      vaNumber: kind === 'va' || kind === 'retail' ? this.state.newVaNumber() : '',
      qrString: kind === 'qris' ? qris(reference, input.amount) : '',
      appUrl: kind === 'ewallet' && input.paymentMethod !== 'OV' ? `${base}/app/${input.paymentMethod}?ref=${reference}` : '',
      fee: input.method ? feeFor(input.method, input.amount) : 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.expiryMinutes * 60_000),
      status: '01',
      endedAs: null,
      publisherOrderId: null,
      settlementDate: null,
      request: body,
    };
    this.state.add(tx);
    this.inflight.set(key, input.amount);
    return { ...this.answer(tx), after: () => this.inflight.delete(key) };
  }

  private answer(tx: SimTransaction): PeerReply {
    if (tx.flavour === 'pop') {
      return json(200, { merchantCode: tx.merchantCode, reference: tx.reference, paymentUrl: tx.paymentUrl, statusCode: '00', statusMessage: 'SUCCESS' });
    }
    return json(200, {
      merchantCode: tx.merchantCode,
      reference: tx.reference,
      paymentUrl: tx.paymentUrl,
      vaNumber: tx.vaNumber,
      qrString: tx.qrString,
      ...(tx.appUrl ? { [this.cfg.appUrlKey]: tx.appUrl } : {}),
      amount: digits(tx.amount),
      statusCode: '00',
      statusMessage: 'SUCCESS',
    });
  }

  private status(req: PeerRequest): PeerReply {
    const body = jsonBody(req);
    const merchantCode = str(body, 'merchantCode', 50, true);
    const merchant = this.merchant(merchantCode);
    const merchantOrderId = str(body, 'merchantOrderId', 50, true);
    const signature = str(body, 'signature', 255, true);
    if (!sameDigest(sign(merchant.scheme, 'transactionStatus', { merchantCode, merchantOrderId }, merchant.apiKey), signature)) throw wrongSignature();
    const tx = this.state.get(merchantCode, merchantOrderId);
    if (!tx) return json(404, { Message: 'Transaction not found.' });
    const message = tx.status === '00' ? 'SUCCESS' : tx.status === '01' ? 'PROCESS' : tx.endedAs === 'expired' ? 'EXPIRED' : 'FAILED';
    return json(200, {
      merchantOrderId: tx.merchantOrderId,
      reference: tx.reference,
      amount: digits(tx.paidAmount ?? tx.amount),
      fee: tx.fee.toFixed(2),
      statusCode: tx.status,
      statusMessage: message,
    });
  }

  private methods(req: PeerRequest): PeerReply {
    const body = jsonBody(req);
    // The docs spell it merchantcode, the PHP SDK merchantCode (§4.2): both work.
    const merchantCode = str(body, body.merchantcode !== undefined ? 'merchantcode' : 'merchantCode', 50, true);
    const merchant = this.merchant(merchantCode);
    const amount = int(body, 'amount', true)!;
    if (amount <= 0) throw bad('amount must be greater than 0.');
    const datetime = str(body, 'datetime', 19, true);
    if (!DATETIME.test(datetime)) throw bad('datetime must be yyyy-MM-dd HH:mm:ss.');
    const signature = str(body, 'signature', 255, true);
    if (!sameDigest(sign(merchant.scheme, 'getpaymentmethod', { merchantCode, amount: digits(amount), datetime }, merchant.apiKey), signature)) throw wrongSignature();
    return json(200, {
      paymentFee: methodsFor(this.state.methods, amount).map((x) => ({ paymentMethod: x.code, paymentName: x.name, paymentImage: methodImage(x.code), totalFee: digits(feeFor(x, amount)) })),
      responseCode: '00',
      responseMessage: 'SUCCESS',
    });
  }
}

/** A QRIS-looking payload (not a valid EMV code; adapters only carry it to a QR renderer). */
function qris(reference: string, amount: number): string {
  const amt = digits(amount);
  return `00020101021226570011ID.DUITKU.WWW0118${reference.slice(0, 18)}52045999530336054${String(amt.length).padStart(2, '0')}${amt}5802ID5906DUITKU6007JAKARTA6304ABCD`;
}
