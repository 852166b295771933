import { TicketList } from './TicketList';
import { TicketPage } from './TicketPage';

/** #/tickets is the list (#/tickets?state=open&mine=1 opens it filtered), #/tickets/<id> one ticket. */
export function TicketsScreen({ sub }: { sub: string | null }) {
  const [path, query] = (sub ?? '').split('?');
  const id = path && /^\d{1,9}$/.test(path) ? Number(path) : null;
  if (id !== null) return <TicketPage key={id} id={id} />;
  return <TicketList query={new URLSearchParams(query ?? '')} />;
}
