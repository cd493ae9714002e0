import type { Db } from '../db/database.js';
import type { QboSettings } from '../quickbooks/settings.js';
import type { TokenStore } from '../quickbooks/token-store.js';

/** What activities need from the world, injected by the worker (and by tests). */
export interface ActivityDeps {
  db: Db;
  tokens: TokenStore;
  settings: QboSettings;
}
