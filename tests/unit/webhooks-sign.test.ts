import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { signature, webhookHeaders, isPublicAddress } from '../../main/modules/webhooks';

/*
 * Standard Webhooks signing against the reference's vectors (../shared/reference/portal-api.md §4.3), checked
 * with the specification's own JavaScript library — an implementation independent of ours.
 */

describe('Standard Webhooks signatures', () => {
  it('matches the official vector and ours; a rotation sends both entries; one changed byte does not verify', () => {
    expect(signature(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const body = '{"type":"invoice.paid","timestamp":"2026-01-01T00:00:00Z","data":{"invoice_id":"INV-2026-0001","customer_id":"CUST-042","amount":150000,"currency":"IDR"}}';
    expect(Buffer.byteLength(body)).toBe(154);
    const ours = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
    const second = 'whsec_q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=';
    expect(signature([ours], 'msg_01J9Z3K7Q8RT5V2W4X6Y8Z0A1B', 1767225600, body)).toBe('v1,p+9MChwuoRbgGdtH837/fbAQKTPhlsTEnx9znRTghZ8=');
    expect(signature([ours, second], 'msg_01J9Z3K7Q8RT5V2W4X6Y8Z0A1B', 1767225600, body)).toBe('v1,p+9MChwuoRbgGdtH837/fbAQKTPhlsTEnx9znRTghZ8= v1,eM7SxANxNn1CPpFTcyjDvJ9o5eXZafDKZ2dt1p3mq1s=');
    expect(signature([ours], 'msg_01J9Z3K7Q8RT5V2W4X6Y8Z0A1B', 1767225600, body.replace('"amount":150000', '"amount": 150000'))).toBe('v1,pWYSXnwhGGUbpjmPnaEJ+Ari5DQBzkyy3anSrvBVk3M=');
  });

  it("the specification's library verifies our headers now, with either secret of a rotation, and refuses a changed body", () => {
    const a = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
    const b = 'whsec_q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=';
    const body = JSON.stringify({ type: 'payment.received', timestamp: new Date().toISOString(), data: { paymentId: 7, amount: 150_000 } });
    const h = webhookHeaders([a, b], 'msg_test000000000000000000001', new Date(), body);
    expect(new Webhook(a).verify(body, h)).toMatchObject({ type: 'payment.received' });
    expect(new Webhook(b).verify(body, h)).toMatchObject({ type: 'payment.received' });
    expect(() => new Webhook(a).verify(body.replace('150000', '150001'), h)).toThrow();
    expect(() => signature([a], 'msg.with.dots', 1, body)).toThrow();
  });

  it('only global unicast addresses count as public', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.9', '192.168.88.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:192.168.1.1', 'not-an-ip']) expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['8.8.8.8', '103.10.20.30', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).toBe(true);
  });
});
