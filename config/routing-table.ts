import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OfficeHoursSchema } from '../shared/calendar/office-hours.js';
import { cleanSingleLineText } from '../shared/text/clean-text.js';

const Email = z.email();
/** A name shown to people (e-mails, pages): cleaned like any typed name, format characters (Cf) included. */
const ShownName = (min: number) => z.string().transform(cleanSingleLineText).pipe(z.string().min(min));

const UnitSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9_]{2,16}$/),
  name: ShownName(3),
  kind: z.enum(['division', 'unit']),
  email: Email,
  categories: z.array(z.string()),
  /** ISO weekday (1 = Monday) → office intervals, for a unit with its own hours (e.g. Saturday mornings). */
  officeHours: OfficeHoursSchema.optional(),
});

const OfficialSchema = z.strictObject({ title: ShownName(3), email: Email });

export const RoutingTableSchema = z
  .strictObject({
    department: z.strictObject({ name: ShownName(1), shortName: ShownName(1) }),
    officials: z.strictObject({
      officeChief: OfficialSchema,
      chiefInspector: OfficialSchema,
      director: OfficialSchema,
    }),
    /** Unit that triages whatever no rule matches (the Office). */
    triageUnit: z.string(),
    /** Units told of (but not answering) conduct complaints. */
    conductInformed: z.array(z.string()),
    units: z.array(UnitSchema).min(1),
    categories: z
      .array(z.strictObject({ code: z.string().regex(/^[a-z_]{2,40}$/), name: ShownName(2) }))
      .min(1),
    procedures: z.array(
      z.strictObject({ code: z.string().min(2).max(40), name: ShownName(1), unit: z.string() }),
    ),
  })
  .superRefine((table, ctx) => {
    const units = new Set(table.units.map((unit) => unit.code));
    const categories = new Set(table.categories.map((category) => category.code));
    const check = (ok: boolean, path: Array<string | number>, message: string): void => {
      if (!ok) ctx.addIssue({ code: 'custom', path, message });
    };
    if (units.size !== table.units.length) check(false, ['units'], 'unit codes must be unique');
    check(units.has(table.triageUnit), ['triageUnit'], `unknown unit ${table.triageUnit}`);
    table.conductInformed.forEach((code, i) =>
      check(units.has(code), ['conductInformed', i], `unknown unit ${code}`),
    );
    table.procedures.forEach((p, i) =>
      check(units.has(p.unit), ['procedures', i, 'unit'], `unknown unit ${p.unit}`),
    );
    const handled = new Map<string, string>();
    table.units.forEach((unit, i) =>
      unit.categories.forEach((category, j) => {
        check(categories.has(category), ['units', i, 'categories', j], `unknown category ${category}`);
        check(
          !handled.has(category),
          ['units', i, 'categories', j],
          `category ${category} handled by two units`,
        );
        handled.set(category, unit.code);
      }),
    );
  });

export type RoutingTable = z.infer<typeof RoutingTableSchema>;
export type Unit = RoutingTable['units'][number];

const DEFAULT_FILE = new URL('./departments.json', import.meta.url);

/** Reads and validates the routing table; a bad file stops start-up with the path of each problem. */
export function loadRoutingTable(file: string | URL = DEFAULT_FILE): RoutingTable {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const result = RoutingTableSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid routing table ${String(file)}: ${problems}`);
  }
  return result.data;
}
