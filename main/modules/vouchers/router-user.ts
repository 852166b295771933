/** What a voucher's /ip/hotspot/user carries besides its name: one place for the push and for later edits. */
export interface HotspotUserSource {
  password: string;
  profile_name: string;
  hotspot_server: string;
  comment: string;
  time_limit_seconds: number | null;
  data_quota_bytes: number | null;
}

export function hotspotUserFields(u: HotspotUserSource): Record<string, string> {
  const fields: Record<string, string> = { server: u.hotspot_server, password: u.password, profile: u.profile_name, comment: u.comment };
  if (u.time_limit_seconds) fields['limit-uptime'] = `${u.time_limit_seconds}s`;
  if (u.data_quota_bytes) fields['limit-bytes-total'] = String(u.data_quota_bytes);
  return fields;
}
