import { v7 } from 'uuid';

/** Time-ordered UUIDs: list order is creation order, so an id doubles as a stable paging cursor. */
export const newId = (): string => v7();
