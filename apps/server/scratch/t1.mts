import { openDatabase } from '/work/main/apps/server/src/platform/db/client.ts';
import { migrate } from '/work/main/apps/server/src/platform/db/migrate.ts';
const url = process.argv[2];
const db = await openDatabase({ url, dataDir: url ? null : '/tmp/lltest-' + Date.now() });
console.time('migrate');
console.log(await migrate(db));
console.timeEnd('migrate');
console.log((await db.owner.query('select count(*) from _migrations')).rows);
await db.close();
