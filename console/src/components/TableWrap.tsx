// A table's scroll box: on a narrow screen a wide table scrolls sideways, and the box takes keyboard
// focus so it can be scrolled without a mouse.
import type { ComponentChildren } from 'preact';

export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/** The heading of a column of buttons: named for screen readers, blank on screen. */
export function ActionsHeading() {
  return (
    <th scope="col">
      <span class="visually-hidden">Actions</span>
    </th>
  );
}
