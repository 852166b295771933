import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileQuery, startRouterSim, type Row, type RouterSim } from '../peers/routeros-sim/index';
import { attrs, RawClient } from '../peers/routeros-sim/raw-client';

const ROWS: Row[] = [
  { name: 'a', type: 'ether', mtu: '1500' },
  { name: 'b', type: 'vlan', mtu: '1400' },
  { name: 'c', type: 'bridge', mtu: '9000', comment: 'x' },
];
const pick = (...words: string[]): string => ROWS.filter(compileQuery(words)).map((r) => r.name).join('');

describe('query stack (§6), evaluated directly', () => {
  it('?name, ?-name, ?name=x, ?=name=x, ?<, ?>', () => {
    expect(pick('?comment')).toBe('c');
    expect(pick('?-comment')).toBe('ab');
    expect(pick('?type=vlan')).toBe('b');
    expect(pick('?=type=vlan')).toBe('b');
    expect(pick('?<mtu=1500')).toBe('b');
    expect(pick('?>mtu=1450')).toBe('ac'); // numeric, not string order ("9000" > "1450" either way; "1400" < "1450")
    expect(pick('?>mtu=999')).toBe('abc'); // string order would drop 1400/1500/9000 < "999"
    expect(pick('?>comment=')).toBe('c'); // non-empty comment; a missing property compares false
    expect(pick('?type=ether', '?type=vlan')).toBe(''); // implicit AND
    expect(pick()).toBe('abc');
  });

  it('?# | & ! on the stack', () => {
    expect(pick('?type=ether', '?type=vlan', '?#|')).toBe('ab');
    expect(pick('?type=ether', '?#!')).toBe('bc');
    expect(pick('?>mtu=1450', '?<mtu=5000', '?#&')).toBe('a');
    expect(pick('?type=ether', '?type=vlan', '?type=bridge', '?#||')).toBe('abc');
    expect(pick('?type=ether', '?type=vlan', '?type=bridge', '?#|')).toBe(''); // ether AND (vlan OR bridge)
    expect(pick('?type=ether', '?type=vlan', '?#|!')).toBe('c');
  });

  it('indices: inside the word push a copy, at the end replace the whole stack', () => {
    expect(pick('?type=ether', '?type=vlan', '?#0')).toBe('b');
    expect(pick('?type=ether', '?type=vlan', '?#1')).toBe('a');
    expect(pick('?type=ether', '?type=vlan', '?#1!|')).toBe(''); // [e, v, !e] → [e, v|!e]: a→[T,F]
    expect(pick('?type=ether', '?#0!|')).toBe('abc'); // e | !e
  });

  it('"." copies the top unless it follows an index', () => {
    expect(pick('?type=vlan', '?#.|')).toBe('b'); // [v, v] → v; a no-op would OR with "infinitely true"
    expect(pick('?type=ether', '?type=vlan', '?#1.|')).toBe('a'); // [e, v, e] → [e, v|e]
  });

  it('an empty stack is infinitely true', () => {
    expect(pick('?#&')).toBe('abc');
    expect(pick('?#!')).toBe('');
    expect(pick('?#5')).toBe('abc');
  });

  it('rejects malformed query words', () => {
    expect(() => compileQuery(['?#x'])).toThrow('unknown query operator x');
    expect(() => compileQuery(['?<mtu'])).toThrow();
  });
});

describe('queries over the wire', () => {
  let sim: RouterSim;
  let c: RawClient;
  beforeEach(async () => {
    sim = await startRouterSim();
    c = await RawClient.login(sim.port);
    const secrets = sim.state.menu('/ppp/secret');
    secrets.add({ name: 'cust001', service: 'pppoe', 'limit-bytes-in': 100, comment: 'vip' });
    secrets.add({ name: 'cust002', service: 'pppoe', 'limit-bytes-in': 5000, disabled: true });
    secrets.add({ name: 'cust003', service: 'l2tp', 'limit-bytes-in': 20 });
  });
  afterEach(async () => {
    c.close();
    await sim.close();
  });
  const names = async (...words: string[]): Promise<string[]> =>
    (await c.command(['/ppp/secret/print', '=.proplist=name', ...words])).filter((s) => s[0] === '!re').map((s) => attrs(s).name!);

  it('evaluates each operator on real rows', async () => {
    expect(await names('?service=pppoe', '?disabled=false')).toEqual(['cust001']);
    expect(await names('?service=l2tp', '?disabled=true', '?#|')).toEqual(['cust002', 'cust003']);
    expect(await names('?>limit-bytes-in=50')).toEqual(['cust001', 'cust002']);
    expect(await names('?<limit-bytes-in=50', '?#!')).toEqual(['cust001', 'cust002']);
    expect(await names('?comment')).toEqual(['cust001']);
    expect(await names('?-comment', '?=service=pppoe', '?#&')).toEqual(['cust002']);
    expect(await names('?.id=*2')).toEqual(['cust002']);
  });

  it('count-only, proplist (only listed fields, .id only when asked), detail, getall', async () => {
    expect(await c.command(['/ppp/secret/print', '?service=pppoe', '=count-only='])).toEqual([['!done', '=ret=2']]);
    const [row] = await c.command(['/ppp/secret/print', '?name=cust003', '=.proplist=.id,name,nosuchfield']);
    expect(row).toEqual(['!re', '=.id=*3', '=name=cust003']);
    const [full] = await c.command(['/ppp/secret/getall', '?name=cust003', '=detail=']);
    expect(attrs(full!)).toMatchObject({ '.id': '*3', name: 'cust003', service: 'l2tp', profile: 'default', disabled: 'false' });
    expect(await c.command(['/ppp/secret/print', '?name=cust003', '.proplist=name'])).toEqual([['!re', '=name=cust003'], ['!done']]);
  });

  it('traps malformed queries and unknown print arguments', async () => {
    expect(await c.command(['/ppp/secret/print', '?#z'])).toEqual([['!trap', '=category=1', '=message=unknown query operator z'], ['!done']]);
    expect(await c.command(['/ppp/secret/print', '=where=x'])).toEqual([['!trap', '=category=1', '=message=unknown parameter where'], ['!done']]);
  });
});
