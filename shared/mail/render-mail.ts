import nunjucks from 'nunjucks';
import { fileURLToPath } from 'node:url';
import { formatDateTimeVi, formatDeadlineVi } from '../time/format-vi.js';

const TEMPLATE_DIR = fileURLToPath(new URL('./templates', import.meta.url));

function environment(autoescape: boolean): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATE_DIR), { autoescape });
  env.addFilter('deadline', (value: unknown) => (value instanceof Date ? formatDeadlineVi(value) : ''));
  env.addFilter('datetime', (value: unknown) => (value instanceof Date ? formatDateTimeVi(value) : ''));
  return env;
}

// HTML bodies escape everything: a citizen's text can contain `<script>` and must reach the unit as text.
const htmlEnv = environment(true);
// Subjects and plain-text bodies are not HTML, so escaping would only garble them.
const plainEnv = environment(false);

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Renders one e-mail kind from `shared/mail/templates/<kind>.{subject,html,text}.njk`. The subject
 * is flattened to one line so that no text from a ticket can inject a header.
 */
export function renderMail(kind: string, context: object): RenderedMail {
  if (!/^[a-z_]+$/.test(kind)) throw new Error(`bad mail kind ${kind}`);
  return {
    subject: plainEnv.render(`${kind}.subject.njk`, context).replace(/\s+/g, ' ').trim().normalize('NFC'),
    html: htmlEnv.render(`${kind}.html.njk`, context).normalize('NFC'),
    text: plainEnv.render(`${kind}.text.njk`, context).normalize('NFC'),
  };
}
