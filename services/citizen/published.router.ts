import express, { type Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { listPublishedAnswers } from '../../shared/tickets/repository/published-answers.js';
import { vietnamMonthRange } from './vietnam-month.js';

export const PUBLISHED_PATH = '/cong-khai';
const PAGE_SIZE = 20;

const FilterSchema = z.object({
  category: z.string().max(60).optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});

/**
 * Published answers (`/cong-khai`): what the Office Chief chose to publish, without personal data,
 * by category and month. A filter that makes no sense is ignored rather than refused: this is a
 * reading page, and a wrong link should still show something.
 */
export function publishedRouter(ctx: AppContext): Router {
  const router = express.Router();
  const department = ctx.domain.table.department;
  router.get('/', async (req, res) => {
    const parsed = FilterSchema.safeParse(req.query);
    const filter = parsed.success ? parsed.data : {};
    const category = ctx.domain.table.categories.some((c) => c.code === filter.category)
      ? filter.category
      : undefined;
    const range = filter.month ? vietnamMonthRange(filter.month) : undefined;
    const page = filter.page ?? 1;
    const { items, total } = await listPublishedAnswers({
      ...(category ? { category } : {}),
      ...(range ? { publishedFrom: range.from, publishedTo: range.to } : {}),
      skip: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const query = (p: number) =>
      new URLSearchParams({
        ...(category ? { category } : {}),
        ...(filter.month ? { month: filter.month } : {}),
        page: String(p),
      }).toString();
    res.set('Cache-Control', 'public, max-age=60');
    res.type('html').send(
      ctx.views.render('published.njk', {
        department,
        categories: ctx.domain.table.categories,
        selected: { category, month: filter.month },
        items: items.map((item) => ({
          ...item,
          categoryName: ctx.domain.categoryName(item.category),
          unitName: item.unitCode ? (ctx.domain.unit(item.unitCode)?.name ?? item.unitCode) : undefined,
        })),
        total,
        page,
        pages,
        previous: page > 1 ? query(page - 1) : undefined,
        next: page < pages ? query(page + 1) : undefined,
      }),
    );
  });
  return router;
}
