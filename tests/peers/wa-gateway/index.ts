/**
 * A loopback double of a Fonnte-style WhatsApp HTTP gateway (shared/reference/portal-api.md §5), for the HTTP
 * channel (main/modules/whatsapp/channel/http.ts). Built on the payment doubles' PeerServer (request log,
 * faults: latency, down('refuse' | '500'), rate limit).
 *
 * Routes:
 * - Fonnte `POST /send`: header `Authorization: <token>` (no Bearer), form (urlencoded or multipart with a
 *   `file`) `target`, `message`, `countryCode` (replaces a leading 0; default 62, "0" disables). Success
 *   `{"detail":"success! message in queue","id":["80367170"],"process":"pending","requestid":2937124,"status":true,"target":["62…"]}`;
 *   failure `{"status":false,"reason":"token invalid"}` and `requestid` in every answer [FON-SEND, FON-U2025;
 *   body shapes unverified: third-party clients quoting the docs]. Failures answer HTTP 200 like success
 *   (unverified too; `authFailureStatus` makes a wrong token answer 401 instead).
 * - Wablas `POST /api/send-message`: header `Authorization: <token>`, form `phone`, `message`. Success
 *   `{"status":true,"message":"…","data":{"messages":[{"id":"…","phone":"62…","message":"…","status":"pending"}]}}`
 *   [shape unverified: the reference gives none].
 */
import { json, PeerServer, type PeerRequest, type PeerReply } from '../gateways/peer-http';

export interface WaGatewayMessage {
  gateway: 'fonnte' | 'wablas';
  id: string;
  target: string;
  message: string;
  /** An uploaded document, if any. */
  file: { name: string; type: string; size: number; text: string } | null;
  fields: Record<string, string>;
}

export interface WaGatewaySimOptions {
  token: string;
  /** HTTP status of a wrong-token answer (default 200, body status:false). */
  authFailureStatus?: number;
}

export interface WaGatewaySim {
  url: string;
  /** Messages accepted, oldest first. */
  messages(): WaGatewayMessage[];
  requests: PeerServer['requests'];
  faults: PeerServer['faults'];
  /** The next `times` sends (default 1) answer status:false with this reason. */
  failNext(reason: string, times?: number): void;
  /** Accept a different token from now on (the old one is "invalid"). */
  setToken(token: string): void;
  close(): Promise<void>;
}

export async function startWaGatewaySim(opts: WaGatewaySimOptions): Promise<WaGatewaySim> {
  let token = opts.token;
  const accepted: WaGatewayMessage[] = [];
  const failures: string[] = [];
  let requestSeq = 2_937_100;
  let idSeq = 80_367_100;

  async function fields(req: PeerRequest): Promise<{ fields: Record<string, string>; file: WaGatewayMessage['file'] }> {
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      // The raw body arrives as utf8 text: fine for the ASCII test documents this double is sent.
      const form = await new Response(req.rawBody, { headers: { 'content-type': type } }).formData();
      const out: Record<string, string> = {};
      let file: WaGatewayMessage['file'] = null;
      for (const [k, v] of form.entries()) {
        if (typeof v === 'string') out[k] = v;
        else file = { name: v.name, type: v.type, size: v.size, text: await v.text() };
      }
      return { fields: out, file };
    }
    if (type.startsWith('application/x-www-form-urlencoded')) return { fields: Object.fromEntries(new URLSearchParams(req.rawBody)), file: null };
    return { fields: {}, file: null };
  }

  function fonnteTarget(raw: string, countryCode: string | undefined): string | null {
    let d = raw.replace(/\D/g, '');
    const cc = countryCode ?? '62';
    if (cc !== '0' && d.startsWith('0')) d = cc + d.slice(1);
    return /^\d{10,15}$/.test(d) ? d : null;
  }

  const fonnte = async (req: PeerRequest): Promise<PeerReply> => {
    const requestid = ++requestSeq;
    if (req.method !== 'POST') return json(405, { status: false, reason: 'method not allowed', requestid });
    if (req.headers.authorization !== token) return json(opts.authFailureStatus ?? 200, { status: false, reason: 'token invalid', requestid });
    const { fields: f, file } = await fields(req);
    const forced = failures.shift();
    if (forced) return json(200, { status: false, reason: forced, requestid });
    if (!f.target) return json(200, { status: false, reason: 'input invalid', requestid });
    const target = fonnteTarget(f.target, f.countryCode);
    if (!target) return json(200, { status: false, reason: 'target invalid', requestid });
    if (!f.message && !file) return json(200, { status: false, reason: 'input invalid', requestid });
    const id = String(++idSeq);
    accepted.push({ gateway: 'fonnte', id, target, message: f.message ?? '', file, fields: f });
    return json(200, { detail: 'success! message in queue', id: [id], process: 'pending', requestid, status: true, target: [target] });
  };

  const wablas = async (req: PeerRequest): Promise<PeerReply> => {
    if (req.headers.authorization !== token) return json(opts.authFailureStatus ?? 401, { status: false, message: 'token invalid' });
    const { fields: f } = await fields(req);
    const forced = failures.shift();
    if (forced) return json(200, { status: false, message: forced });
    const phone = (f.phone ?? '').replace(/\D/g, '');
    if (!/^\d{10,15}$/.test(phone) || !f.message) return json(200, { status: false, message: 'phone or message invalid' });
    const id = `wbl-${++idSeq}`;
    accepted.push({ gateway: 'wablas', id, target: phone, message: f.message, file: null, fields: f });
    return json(200, { status: true, message: 'Message is pending and waiting to be processed', data: { messages: [{ id, phone, message: f.message, status: 'pending' }] } });
  };

  const server = new PeerServer(
    (req) => {
      if (req.path === '/send') return fonnte(req);
      if (req.path === '/api/send-message' && req.method === 'POST') return wablas(req);
      return json(404, { status: false, reason: 'not found' });
    },
    { faultBody: (status) => ({ status: false, reason: status === 429 ? 'too many requests' : 'server error' }) },
  );
  await server.listen();

  return {
    url: server.url,
    messages: () => accepted.map((m) => ({ ...m, fields: { ...m.fields } })),
    requests: () => server.requests(),
    faults: server.faults,
    failNext(reason, times = 1) {
      for (let i = 0; i < times; i++) failures.push(reason);
    },
    setToken(t) {
      token = t;
    },
    close: () => server.close(),
  };
}
