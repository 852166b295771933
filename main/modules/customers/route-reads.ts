import type { EntityManager } from 'typeorm';

/**
 * The customers a field collector visits (the collections module, through index.ts): those assigned to the
 * collector by name, and those in one of the collector's areas that are not assigned to another collector.
 * Areas match without regard to case or surrounding spaces (they are free text typed by the office).
 */
export interface RouteCustomer {
  id: number;
  number: string;
  name: string;
  area: string;
  address: string;
  phone: string | null;
  whatsapp: string | null;
  lat: number | null;
  lng: number | null;
  /** Assigned to this collector by name (collector_id), not only by area. */
  assigned: boolean;
}

export async function routeCustomers(em: EntityManager, collectorId: number, areas: readonly string[]): Promise<RouteCustomer[]> {
  const keys = [...new Set(areas.map((a) => a.trim().toLowerCase()).filter((a) => a !== ''))];
  const rows = (await em.query(
    `SELECT id, number, name, area, address, phone, whatsapp, lat, lng, collector_id FROM customers
      WHERE collector_id = ? OR (collector_id IS NULL AND lower(trim(area)) IN (SELECT value FROM json_each(?)))`,
    [collectorId, JSON.stringify(keys)],
  )) as (Omit<RouteCustomer, 'assigned'> & { collector_id: number | null })[];
  return rows.map(({ collector_id, ...r }) => ({ ...r, assigned: collector_id === collectorId }));
}
