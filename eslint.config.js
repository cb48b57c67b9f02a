import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers, enforced rather than remembered (docs/architecture.md, "Layout"). Each pattern matches a
// relative import that climbs out of the importing folder into a forbidden one.
const DEV_TOOLS = {
  regex: String.raw`^(\.\./)+tools/`,
  message:
    'Production code never imports tools/ (development and tests only); load it through shared/dev-tools.ts.',
};
const WORKERS = {
  regex: String.raw`^(\.\./)+workers/`,
  message:
    'services/ (HTTP doors) never import workers/ (queue doors): put what both need in shared/, or compose them in main/.',
};
const SERVICES = {
  regex: String.raw`^(\.\./)+services/`,
  message:
    'workers/ (queue doors) never import services/ (HTTP doors): put what both need in shared/, or compose them in main/.',
};
const OTHER_WORKER = {
  regex: String.raw`\.worker\.js$`,
  message: 'A queue door never imports another: what two workers share is a use case in shared/.',
};
const DOORS_FROM_SHARED = {
  regex: String.raw`^(\.\./)+(services|workers|main)/`,
  message: 'shared/ holds the rooms the doors open onto; it never imports a door or the composition root.',
};
const TICKET_MODEL = {
  regex: String.raw`(^|/)ticket\.model\.js$`,
  message:
    'Only the ticket repository (shared/tickets/repository/) touches the Ticket model: call one of its functions.',
};
// Pure domain code (calendar, routing rules, lifecycle, timer plan) takes values and returns values.
const IO_PACKAGES = {
  regex: String.raw`^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|dns|tls|worker_threads)$|^(mongoose|mongodb|bullmq|ioredis|nodemailer|express|winston|nunjucks|exceljs|multer|prom-client)(/|$)`,
  message: 'Pure domain code imports no I/O: take the values as arguments instead.',
};
const IO_ROOMS = {
  regex: String.raw`(^|/)(db|queue|mail|log|metrics|staff|webhook|security|errors|repository|digest|reconcile|oversight)/|(^|/)(dev-tools|clock|runtime-deps|ticket-domain|calendars)\.js$`,
  message: 'Pure domain code imports no I/O rooms of shared/ (database, queue, mail, log, metrics …).',
};
/** The pure core: calendar and time arithmetic, routing rules, the lifecycle, the timer plan. */
const PURE = [
  'shared/calendar/**/*.ts',
  'shared/time/**/*.ts',
  'shared/routing/route-ticket.ts',
  'shared/deadlines/timer-plan.ts',
  'shared/tickets/lifecycle.ts',
  'shared/tickets/ticket-types.ts',
  'shared/tickets/processing-level.ts',
  'shared/tickets/previous-answers.ts',
  'shared/forwarding/forwarding-delay.ts',
  'shared/privacy/identity-view.ts',
  'shared/privacy/anonymise.ts',
];

/** `no-restricted-imports` for a set of files; type-only imports describe shapes and are allowed. */
function restrict(files, patterns) {
  return {
    files,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) },
      ],
      // `import('…')` is not an import declaration; the dev tools' one door uses a computed specifier.
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value=/(^|\\/)tools\\//]', message: DEV_TOOLS.message },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'bench/results/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through config/env.ts only.' },
      ],
    },
  },
  {
    files: ['config/env.ts', 'test/**', 'bench/**', 'scripts/**', 'tools/**', 'eslint.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
  restrict(
    [
      'config/**/*.ts',
      'main/**/*.ts',
      'scripts/copy-assets.ts',
      'scripts/asset-files.ts',
      'scripts/staff.ts',
    ],
    [DEV_TOOLS, TICKET_MODEL],
  ),
  restrict(['services/**/*.ts'], [DEV_TOOLS, WORKERS, TICKET_MODEL]),
  restrict(['workers/**/*.ts'], [DEV_TOOLS, SERVICES, TICKET_MODEL]),
  restrict(['workers/*.worker.ts'], [DEV_TOOLS, SERVICES, TICKET_MODEL, OTHER_WORKER]),
  restrict(['shared/**/*.ts'], [DEV_TOOLS, DOORS_FROM_SHARED, TICKET_MODEL]),
  restrict(['shared/tickets/repository/**/*.ts', 'shared/db/**/*.ts'], [DEV_TOOLS, DOORS_FROM_SHARED]),
  restrict(PURE, [DEV_TOOLS, DOORS_FROM_SHARED, TICKET_MODEL, IO_PACKAGES, IO_ROOMS]),
);
