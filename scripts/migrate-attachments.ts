/**
 * `npm run attachments:migrate`: moves answers' files kept on this host's disk
 * (`<DATA_DIR>/attachments/…`, before issue 21) into the MongoDB attachment store, so that every HTTP
 * process serves them. Idempotent; prints what it moved (add `--json` for JSON). Reaches MongoDB at
 * MONGODB_URI, else the embedded server that `npm start` is running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { config } from '../config/env.js';
import { connectDatabase, disconnectDatabase } from '../shared/db/connection.js';
import { embeddedUriFile } from '../shared/db/mongo-ladder.js';
import { migrateDiskAttachments } from '../shared/answering/migrate-disk-attachments.js';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });

async function main(): Promise<void> {
  const settings = config();
  const embedded = embeddedUriFile(settings.DATA_DIR);
  const target = settings.MONGODB_URI
    ? { uri: settings.MONGODB_URI }
    : existsSync(embedded)
      ? { uri: readFileSync(embedded, 'utf8').trim(), dbName: 'hotline' }
      : undefined;
  if (!target) {
    process.stderr.write('Chưa đặt MONGODB_URI và `npm start` không chạy. / No database: set MONGODB_URI.\n');
    process.exitCode = 2;
    return;
  }
  await connectDatabase(target.uri, target.dbName);
  try {
    const report = await migrateDiskAttachments(settings.DATA_DIR);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    const bytes = report.moved.reduce((sum, file) => sum + file.size, 0);
    const lines = [
      `Đã chuyển / moved: ${report.moved.length} tệp (${bytes} bytes)`,
      ...report.moved.map((file) => `  ${file.ticketId}/${file.storedAs} (${file.size} bytes)`),
      `Đã có sẵn / already stored: ${report.alreadyStored.length}`,
      `Không thuộc câu trả lời nào, để nguyên / orphans left on disk: ${report.orphans.length}`,
      ...report.orphans.map((file) => `  ${file.ticketId}/${file.name}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await disconnectDatabase();
  }
}

await main();
