// A sync status as an icon and its word (the word is what people and screen readers rely on).
import { STATUS_WORDS } from '../format';
import type { SyncStatus } from '../types';
import { Icon, type IconName } from './Icon';

const ICONS: Record<SyncStatus, IconName> = {
  not_eligible: 'ban',
  not_synced: 'circle',
  queued: 'clock',
  syncing: 'sync',
  synced: 'check',
  out_of_date: 'outdated',
  failed: 'alert',
  needs_mapping: 'link',
};

export function StatusBadge({ status }: { status: SyncStatus }) {
  return (
    <span class={`badge badge-${status.replace(/_/g, '-')}`}>
      <Icon name={ICONS[status]} class={status === 'syncing' ? 'spin' : undefined} />
      <span>{STATUS_WORDS[status]}</span>
    </span>
  );
}
