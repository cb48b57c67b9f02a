import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listAssetFiles } from './asset-files.js';

/**
 * Second step of `npm run build`: copies templates, static files and JSON data next to the
 * compiled code, since the code finds them relative to its own file (`import.meta.url`).
 * Runs from the package root (npm sets the working directory), compiled as dist/scripts/copy-assets.js.
 */
const root = process.cwd();
const outDir = join(root, 'dist');
const assets = listAssetFiles(root);
for (const asset of assets) {
  const target = join(outDir, asset);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(root, asset), target);
}
console.log(`copy-assets: ${assets.length} files copied into dist/`);
