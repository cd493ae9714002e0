import { createDb, databaseUrlFromEnv } from './database.js';
import { ensureDatabase } from './ensure-database.js';
import { migrateToLatest } from './migrator.js';

const url = databaseUrlFromEnv();
if (await ensureDatabase(url)) console.log(`created database ${new URL(url).pathname.slice(1)}`);
const db = createDb(url, 1);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.destroy();
}
