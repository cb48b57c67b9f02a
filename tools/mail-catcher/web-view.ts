import express from 'express';
import type { Request, Response, Router } from 'express';
import { extractLinks } from './extract-links.js';
import type { MessageStore } from './message-store.js';
import { createTemplateEnvironment } from './templates.js';

// The mail's own markup lives in a sandboxed iframe; this keeps the surrounding page script-free too.
const PAGE_POLICY = "script-src 'none'; object-src 'none'; frame-ancestors 'self'";

// Links in the mail open in a new, unsandboxed tab, so the target page works normally.
const SRCDOC_PREFIX = '<!doctype html><meta charset="utf-8"><base target="_blank">';

/** The catcher's web view over `store`; mount it anywhere, links follow the mount path. */
export function createWebView(store: MessageStore): Router {
  const env = createTemplateEnvironment();
  const router = express.Router();

  const page = (req: Request, res: Response, status: number, view: string, context: object): void => {
    res
      .status(status)
      .set({ 'Content-Security-Policy': PAGE_POLICY, 'Cache-Control': 'no-store' })
      .type('html')
      .send(env.render(view, { home: req.baseUrl, ...context }));
  };

  router.get('/api/messages', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(store.list());
  });

  router.get('/api/messages/:id', (req, res) => {
    const mail = store.get(req.params.id);
    if (mail) res.set('Cache-Control', 'no-store').json(mail);
    else res.status(404).json({ error: `No message ${req.params.id}` });
  });

  router.get('/', (req, res) => {
    page(req, res, 200, 'list.njk', { messages: store.list().reverse() });
  });

  router.get('/:id', (req, res) => {
    const m = store.get(req.params.id);
    if (!m) return page(req, res, 404, 'not-found.njk', { id: req.params.id });
    page(req, res, 200, 'message.njk', {
      m,
      links: extractLinks(m.html, m.text),
      srcdoc: m.html ? SRCDOC_PREFIX + m.html : '',
    });
  });

  return router;
}
