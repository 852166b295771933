import { Card, Group, Pagination, Text } from '@mantine/core';

/** Below a paged list: what to say when it is empty, and the pages when there is more than one. */
export function ListEnd(p: { loaded: boolean; count: number; empty: string; emptyTestId: string; page: number; pages: number; onPage: (page: number) => void; pagesTestId?: string }) {
  return (
    <>
      {p.loaded && p.count === 0 && (
        <Card withBorder padding="lg">
          <Text c="dimmed" ta="center" data-testid={p.emptyTestId}>
            {p.empty}
          </Text>
        </Card>
      )}
      {p.pages > 1 && (
        <Group justify="center" mt="md">
          <Pagination value={p.page} onChange={p.onPage} total={p.pages} size="sm" {...(p.pagesTestId ? { 'data-testid': p.pagesTestId } : {})} />
        </Group>
      )}
    </>
  );
}
