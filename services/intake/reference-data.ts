import { z } from 'zod';
import type { RoutingTable } from '../../config/routing-table.js';

/** What staff need to fill a ticket; units' e-mail addresses and officials stay inside. */
export const CategoryViewSchema = z.strictObject({ code: z.string(), name: z.string() });
export const DepartmentViewSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['division', 'unit']).describe('division: phòng chuyên môn; unit: đơn vị sự nghiệp'),
  categories: z.array(z.string()),
});
export const ProcedureViewSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  unitCode: z.string(),
});

export const listOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });

export function categoriesView(table: RoutingTable) {
  return { items: table.categories.map(({ code, name }) => ({ code, name })) };
}

export function departmentsView(table: RoutingTable) {
  return {
    items: table.units.map(({ code, name, kind, categories }) => ({
      code,
      name,
      kind,
      categories: [...categories],
    })),
  };
}

export function proceduresView(table: RoutingTable) {
  return { items: table.procedures.map(({ code, name, unit }) => ({ code, name, unitCode: unit })) };
}
