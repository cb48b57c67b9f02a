import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// TypeScript becomes JavaScript; Markdown and shell scripts are for people. Everything else in a compiled folder
// (templates, stylesheets, calendar and routing JSON) is read at run time beside the code.
const NOT_AN_ASSET = /(\.ts|\.md|\.sh)$/;

/**
 * The folders `npm run build` compiles, read from tsconfig.build.json so the two never drift (its
 * single `.ts` entries, the production scripts, carry no assets).
 */
function compiledFolders(root: string): string[] {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as {
    include?: string[];
  };
  return (tsconfig.include ?? []).filter((entry) => !entry.endsWith('.ts'));
}

function walk(dir: string, found: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, found);
    else if (entry.isFile() && !NOT_AN_ASSET.test(entry.name)) found.push(path);
  }
}

/** Non-TypeScript files under the compiled folders, as `/`-separated paths relative to `root`. */
export function listAssetFiles(root: string): string[] {
  const found: string[] = [];
  for (const folder of compiledFolders(root)) {
    try {
      walk(join(root, folder), found);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return found.map((path) => relative(root, path).split(sep).join('/')).sort();
}
