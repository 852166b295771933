import { hotspotActive, hotspotProfile, hotspotServer, hotspotUser } from './hotspot';
import { iface } from './iface';
import { addressList, queueSimple } from './net';
import { firewallFilter, firewallNat } from './firewall';
import { pppActive, pppProfile, pppSecret } from './ppp';
import type { MenuSpec } from './spec';
import { clock, identity, resource, scheduler, script } from './system';

export type { MenuSpec, RouterView } from './spec';

/** Every menu the simulator knows; any other path answers `no such command prefix`. */
export const MENUS: readonly MenuSpec[] = [identity, resource, clock, hotspotServer, hotspotUser, hotspotProfile,
  hotspotActive, pppSecret, pppProfile, pppActive, addressList, queueSimple, scheduler, script, firewallNat, firewallFilter, iface];

export type MenuPath = '/system/identity' | '/system/resource' | '/system/clock' | '/ip/hotspot' | '/ip/hotspot/user'
  | '/ip/hotspot/user/profile' | '/ip/hotspot/active' | '/ppp/secret' | '/ppp/profile' | '/ppp/active'
  | '/ip/firewall/address-list' | '/queue/simple' | '/system/scheduler' | '/system/script' | '/ip/firewall/nat'
  | '/ip/firewall/filter' | '/interface';
