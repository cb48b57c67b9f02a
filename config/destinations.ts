import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { cleanSingleLineText } from '../shared/text/clean-text.js';

/** A name shown to people: cleaned like any typed name. */
const ShownName = z.string().transform(cleanSingleLineText).pipe(z.string().min(2).max(200));
const Source = z.string().transform(cleanSingleLineText).pipe(z.string().min(3).max(1000));

/** A commune or ward (*xã*, *phường*); local culture matters belong to its *Phòng Văn hóa – Xã hội*. */
const LocalAuthoritySchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9_]{2,16}$/),
  kind: z.enum(['commune', 'ward']),
  name: ShownName,
  /** The office a ticket is forwarded to, e.g. "Phòng Văn hóa – Xã hội xã Tân Hồng". */
  office: ShownName,
  /** Postal address of that office, when a public source gives it. */
  address: ShownName.optional(),
  email: z.email().optional(),
  /** Where this entry comes from, when not the list's own source. */
  source: Source.optional(),
});

/** Another provincial body: a department (*Sở*), another provincial agency, the People's Committee office. */
const ProvincialBodySchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9_]{2,16}$/),
  kind: z.enum(['department', 'agency', 'office', 'other']),
  name: ShownName,
  address: ShownName.optional(),
  email: z.email().optional(),
  /** True where no public source has confirmed the name for this province. */
  provisional: z.boolean().default(false),
  source: Source,
});

export const DestinationsFileSchema = z
  .strictObject({
    $comment: z.string().optional(),
    localAuthorities: z.strictObject({
      /** True while the list is incomplete or not checked against the resolution's full text. */
      provisional: z.boolean(),
      /** How many communes and wards the province has; a shorter list must say it is provisional. */
      expectedCount: z.number().int().min(1),
      source: Source,
      entries: z.array(LocalAuthoritySchema).min(1),
    }),
    provincialBodies: z.array(ProvincialBodySchema),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    const codes = [
      ...file.localAuthorities.entries.map((entry, i) => ({ code: entry.code, path: ['localAuthorities', 'entries', i, 'code'] })),
      ...file.provincialBodies.map((body, i) => ({ code: body.code, path: ['provincialBodies', i, 'code'] })),
    ];
    for (const { code, path } of codes) {
      if (seen.has(code)) ctx.addIssue({ code: 'custom', path, message: `duplicate destination code ${code}` });
      seen.add(code);
    }
    const local = file.localAuthorities;
    if (!local.provisional && local.entries.length !== local.expectedCount) {
      ctx.addIssue({
        code: 'custom',
        path: ['localAuthorities', 'entries'],
        message: `${local.entries.length} entries but ${local.expectedCount} expected: complete the list or mark it provisional`,
      });
    }
  });

export type DestinationsFile = z.infer<typeof DestinationsFileSchema>;

const DEFAULT_FILE = new URL('./destinations.json', import.meta.url);

/** Reads and validates the destinations outside the Department; a bad file names each problem. */
export function loadDestinationsFile(file: string | URL = DEFAULT_FILE): DestinationsFile {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const result = DestinationsFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid destinations file ${String(file)}: ${problems}`);
  }
  return result.data;
}
