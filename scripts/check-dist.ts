import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { listAssetFiles } from './asset-files.js';

/**
 * Checks a built tree the way the runtime image will use it: usage `tsx scripts/check-dist.ts <root>`,
 * where `<root>` holds package.json, the sources and a fresh dist/. Exits 1 listing every problem.
 */
const root = resolve(process.argv[2] ?? '.');
const dist = join(root, 'dist');

/** Entry points and assets the containers start from or always read. */
const REQUIRED = [
  'dist/main/main.js',
  'dist/main/start-service.js',
  'dist/main/boot-process.js',
  'dist/services/app.js',
  'dist/services/ops-server.js',
  'dist/workers/run-workers.js',
  'dist/services/views/layout.njk',
  'dist/services/views/error.njk',
  'dist/services/static/site.css',
  'dist/config/departments.json',
];

const problems: string[] = [];

for (const file of REQUIRED) {
  if (!existsSync(join(root, file))) problems.push(`missing ${file}`);
}
if (!readdirSync(join(root, 'config/calendar')).some((name) => name.endsWith('.json'))) {
  problems.push('no calendar data in config/calendar/');
}
// The stand-in, the mail catcher and the mongod download are development tools (tools/), loaded
// only outside production through shared/dev-tools.ts: a build that holds them has followed an import.
if (existsSync(join(dist, 'tools')))
  problems.push('dist/tools/ exists: development tools were compiled into the build');
for (const asset of listAssetFiles(root)) {
  if (!existsSync(join(dist, asset))) problems.push(`asset not copied: dist/${asset}`);
}

// The runtime image installs `dependencies` only (`npm ci --omit=dev`): every package the
// compiled code imports must be listed there, not in devDependencies.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const runtimePackages = new Set(Object.keys(pkg.dependencies ?? {}));
const builtins = new Set(builtinModules);
// Static `import`/`export ... from` at the start of a line (as tsc emits them), and `import('...')`.
const STATIC_SPECIFIER = /^(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;
const DYNAMIC_SPECIFIER = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

if (existsSync(dist)) {
  for (const file of jsFiles(dist)) {
    const code = readFileSync(file, 'utf8');
    for (const match of [...code.matchAll(STATIC_SPECIFIER), ...code.matchAll(DYNAMIC_SPECIFIER)]) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue;
      const name = packageOf(specifier);
      if (!runtimePackages.has(name)) {
        problems.push(
          `${file.slice(root.length + 1)} imports '${name}', which is not in package.json dependencies`,
        );
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`check-dist: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `check-dist: ${REQUIRED.length} entry files, ${listAssetFiles(root).length} assets and runtime imports OK`,
);
