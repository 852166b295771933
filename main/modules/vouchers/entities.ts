import type { VoucherExpiry } from '../../../shared/contract/vouchers';
import type { ExpiryAction, VoucherBatchStatus, VoucherMode, VoucherState } from '../../../shared/contract/vouchers';
import { EntitySchema } from 'typeorm';

export interface VoucherProfileRow {
  id: number;
  routerId: number;
  name: string;
  profileName: string;
  hotspotServer: string;
  price: number;
  sellingPrice: number;
  validitySeconds: number;
  timeLimitSeconds: number | null;
  dataQuotaBytes: number | null;
  rateLimit: string;
  sharedUsers: number;
  addressPool: string;
  lockMac: boolean;
  expiryAction: ExpiryAction;
  /** Who ends its vouchers: the app (validity from first login), a script on the router (Mikhmon's), or nobody. */
  expiry: VoucherExpiry;
  active: boolean;
  /** Offered in the public voucher shop. */
  online: boolean;
  createdAt: string;
  updatedAt: string;
}

export const VoucherProfileEntity = new EntitySchema<VoucherProfileRow>({
  name: 'VoucherProfile',
  tableName: 'voucher_profiles',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    routerId: { type: 'integer', name: 'router_id' },
    name: { type: 'text' },
    profileName: { type: 'text', name: 'profile_name' },
    hotspotServer: { type: 'text', name: 'hotspot_server', default: 'all' },
    price: { type: 'integer' },
    sellingPrice: { type: 'integer', name: 'selling_price' },
    validitySeconds: { type: 'integer', name: 'validity_seconds' },
    timeLimitSeconds: { type: 'integer', name: 'time_limit_seconds', nullable: true },
    dataQuotaBytes: { type: 'integer', name: 'data_quota_bytes', nullable: true },
    rateLimit: { type: 'text', name: 'rate_limit', default: '' },
    sharedUsers: { type: 'integer', name: 'shared_users', default: 1 },
    addressPool: { type: 'text', name: 'address_pool', default: '' },
    lockMac: { type: 'boolean', name: 'lock_mac', default: false },
    expiryAction: { type: 'text', name: 'expiry_action', default: 'remove' },
    expiry: { type: 'text', default: 'app' },
    active: { type: 'boolean', default: true },
    online: { type: 'boolean', default: false },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});

export interface VoucherBatchRow {
  id: number;
  routerId: number;
  profileId: number;
  quantity: number;
  mode: VoucherMode;
  codeLength: number;
  charset: string;
  prefix: string;
  comment: string;
  status: VoucherBatchStatus;
  pushed: number;
  lastError: string | null;
  createdBy: number | null;
  createdAt: string;
  finishedAt: string | null;
}

export const VoucherBatchEntity = new EntitySchema<VoucherBatchRow>({
  name: 'VoucherBatch',
  tableName: 'voucher_batches',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    routerId: { type: 'integer', name: 'router_id' },
    profileId: { type: 'integer', name: 'profile_id' },
    quantity: { type: 'integer' },
    mode: { type: 'text' },
    codeLength: { type: 'integer', name: 'code_length' },
    charset: { type: 'text' },
    prefix: { type: 'text', default: '' },
    comment: { type: 'text' },
    status: { type: 'text' },
    pushed: { type: 'integer', default: 0 },
    lastError: { type: 'text', name: 'last_error', nullable: true },
    createdBy: { type: 'integer', name: 'created_by', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
    finishedAt: { type: 'text', name: 'finished_at', nullable: true },
  },
});

export interface VoucherRow {
  id: number;
  batchId: number;
  routerId: number;
  profileId: number;
  serial: number;
  username: string;
  password: string;
  state: VoucherState;
  onRouter: boolean;
  firstLoginAt: string | null;
  expiresAt: string | null;
  mac: string | null;
  disabledAt: string | null;
  removedAt: string | null;
  outletId: number | null;
  handedAt: string | null;
  soldAt: string | null;
  soldBy: number | null;
  soldPrice: number | null;
  createdAt: string;
}

export const VoucherEntity = new EntitySchema<VoucherRow>({
  name: 'Voucher',
  tableName: 'vouchers',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    batchId: { type: 'integer', name: 'batch_id' },
    routerId: { type: 'integer', name: 'router_id' },
    profileId: { type: 'integer', name: 'profile_id' },
    serial: { type: 'integer', unique: true },
    username: { type: 'text', unique: true },
    password: { type: 'text' },
    state: { type: 'text' },
    onRouter: { type: 'boolean', name: 'on_router', default: false },
    firstLoginAt: { type: 'text', name: 'first_login_at', nullable: true },
    expiresAt: { type: 'text', name: 'expires_at', nullable: true },
    mac: { type: 'text', nullable: true },
    disabledAt: { type: 'text', name: 'disabled_at', nullable: true },
    removedAt: { type: 'text', name: 'removed_at', nullable: true },
    outletId: { type: 'integer', name: 'outlet_id', nullable: true },
    handedAt: { type: 'text', name: 'handed_at', nullable: true },
    soldAt: { type: 'text', name: 'sold_at', nullable: true },
    soldBy: { type: 'integer', name: 'sold_by', nullable: true },
    soldPrice: { type: 'integer', name: 'sold_price', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
  },
});

export interface OutletRow {
  id: number;
  name: string;
  phone: string | null;
  address: string;
  notes: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const OutletEntity = new EntitySchema<OutletRow>({
  name: 'Outlet',
  tableName: 'outlets',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'text', unique: true },
    phone: { type: 'text', nullable: true },
    address: { type: 'text', default: '' },
    notes: { type: 'text', default: '' },
    active: { type: 'boolean', default: true },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});
