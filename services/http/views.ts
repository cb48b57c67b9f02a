import nunjucks from 'nunjucks';
import { fileURLToPath } from 'node:url';
import { formatDateTimeVi, formatDeadlineVi } from '../../shared/time/format-vi.js';

export interface ViewRenderer {
  render(template: string, context?: object): string;
}

const servicesRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Server-rendered pages with auto-escaping on: a citizen's `<script>` is shown as text.
 * Each capability keeps its templates in its own `views/` folder; `services/views/` holds the layout.
 */
export function createViews(): ViewRenderer {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      ['views', 'intake/views', 'answer/views', 'monitor/views', 'citizen/views', 'admin/views'].map(
        (dir) => `${servicesRoot}${dir}`,
      ),
      { noCache: false },
    ),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('datetime', (value: unknown) => (value instanceof Date ? formatDateTimeVi(value) : ''));
  env.addFilter('deadline', (value: unknown) => (value instanceof Date ? formatDeadlineVi(value) : ''));
  return {
    render: (template, context = {}) => env.render(template, context).normalize('NFC'),
  };
}
