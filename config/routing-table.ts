import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OfficeHoursSchema } from '../shared/calendar/office-hours.js';
import { cleanSingleLineText } from '../shared/text/clean-text.js';

const Email = z.email();
/** A name shown to people (e-mails, pages): cleaned like any typed name, format characters (Cf) included. */
const ShownName = (min: number) => z.string().transform(cleanSingleLineText).pipe(z.string().min(min));

/** Where a unit, category or role holder comes from (a decision, a law, a directive), shown to the administrator. */
const Source = z.string().transform(cleanSingleLineText).pipe(z.string().min(3).max(1000));

const UnitSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9_]{2,16}$/),
  name: ShownName(3),
  kind: z.enum(['division', 'unit']),
  email: Email,
  categories: z.array(z.string()),
  /** ISO weekday (1 = Monday) → office intervals, for a unit with its own hours (e.g. Saturday mornings). */
  officeHours: OfficeHoursSchema.optional(),
  /** An inactive unit receives no new tickets (it may handle no category); its open tickets stay with it. Default true. */
  active: z.boolean().default(true),
  /** True where no public source confirms the unit as it is listed. Default false. */
  provisional: z.boolean().default(false),
  source: Source,
});

/** A role holder: the person's title as shown in pages, e-mails and the digest, and where the role comes from. */
const OfficialSchema = z.strictObject({
  title: ShownName(3),
  email: Email,
  /** The unit the holder belongs to, when the role sits in a unit (e.g. the conduct reviewer's). */
  unit: z.string().optional(),
  provisional: z.boolean().default(false),
  source: Source.optional(),
});

export const RoutingTableSchema = z
  .strictObject({
    department: z.strictObject({ name: ShownName(1), shortName: ShownName(1) }),
    $comment: z.string().optional(),
    /**
     * Role holders by what they do: the Office Chief (follows the hotline), the conduct reviewer (reviews
     * complaints about officials' conduct and procedures, whoever the Director designates), the Director.
     */
    officials: z.strictObject({
      officeChief: OfficialSchema,
      conductReviewer: OfficialSchema,
      director: OfficialSchema,
    }),
    /** Unit that triages whatever no rule matches (the Office). */
    triageUnit: z.string(),
    /** Units told of (but not answering) conduct complaints. */
    conductInformed: z.array(z.string()),
    units: z.array(UnitSchema).min(1),
    categories: z
      .array(
        z.strictObject({
          code: z.string().regex(/^[a-z_]{2,40}$/),
          name: ShownName(2),
          provisional: z.boolean().default(false),
          source: Source,
        }),
      )
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
    if (categories.size !== table.categories.length) check(false, ['categories'], 'category codes must be unique');
    check(units.has(table.triageUnit), ['triageUnit'], `unknown unit ${table.triageUnit}`);
    (['officeChief', 'conductReviewer', 'director'] as const).forEach((role) => {
      const unit = table.officials[role].unit;
      if (unit !== undefined) check(units.has(unit), ['officials', role, 'unit'], `unknown unit ${unit}`);
    });
    table.conductInformed.forEach((code, i) =>
      check(units.has(code), ['conductInformed', i], `unknown unit ${code}`),
    );
    const inactive = new Set(table.units.filter((unit) => !unit.active).map((unit) => unit.code));
    table.procedures.forEach((p, i) => {
      check(units.has(p.unit), ['procedures', i, 'unit'], `unknown unit ${p.unit}`);
      if (inactive.has(p.unit)) check(false, ['procedures', i, 'unit'], `procedure ${p.code} belongs to inactive unit ${p.unit}`);
    });
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
    table.units.forEach((unit, i) => {
      if (!unit.active && unit.categories.length > 0) {
        check(false, ['units', i, 'active'], `inactive unit ${unit.code} still handles categories`);
      }
      if (!unit.active && unit.code === table.triageUnit) check(false, ['units', i, 'active'], 'the triage unit must be active');
    });
    table.categories.forEach((category, i) =>
      check(handled.has(category.code), ['categories', i], `category ${category.code} has no unit`),
    );
  });

export type RoutingTable = z.infer<typeof RoutingTableSchema>;
export type Unit = RoutingTable['units'][number];

/** The organisation in force today (seed of the first start); `config/examples/` holds others to choose from. */
export const DEFAULT_ROUTING_TABLE_FILE = new URL('./departments.json', import.meta.url);

/** Reads and validates the routing table; a bad file stops start-up with the path of each problem. */
export function loadRoutingTable(file: string | URL = DEFAULT_ROUTING_TABLE_FILE): RoutingTable {
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
