import { readConfigFile } from './read-config-file.js';
import { z } from 'zod';
import { SpanSchema } from '../shared/calendar/span.js';

const OFFICIALS = ['officeChief', 'conductReviewer', 'director'] as const;

export const SlaPolicySchema = z.strictObject({
  /** Reply deadline per priority. */
  deadlines: z.strictObject({ normal: SpanSchema, urgent: SpanSchema }),
  /** Optional per-category reply deadline for normal priority (urgent always uses `deadlines.urgent`). */
  categoryDeadlines: z.record(z.string(), SpanSchema).default({}),
  /** Reminder this long before the deadline; for short spans, halfway through instead (see reminderAt). */
  reminderBefore: SpanSchema,
  /** Level 1 fires at the deadline; each later level `after` the previous one. */
  escalation: z
    .array(
      z.strictObject({
        level: z.number().int().min(1),
        after: SpanSchema.optional(),
        notify: z.array(z.enum(OFFICIALS)).min(1),
      }),
    )
    .min(1)
    .superRefine((chain, ctx) => {
      chain.forEach((step, i) => {
        if (step.level !== i + 1)
          ctx.addIssue({ code: 'custom', path: [i, 'level'], message: `expected level ${i + 1}` });
        if (i > 0 && !step.after)
          ctx.addIssue({ code: 'custom', path: [i, 'after'], message: 'levels after 1 need `after`' });
      });
    }),
  /** Categories whose escalations also go to the conduct reviewer from level 1; the reviewer's dashboard shows only these. */
  conductReviewCategories: z.array(z.string()).default([]),
  /** How long an answer link stays valid after the deadline, in calendar days. */
  answerLinkValidity: z.strictObject({ days: z.number().int().min(1).max(365) }),
  /**
   * A unit waiting on the citizen (more information): when nobody reached the citizen this long after
   * the unit asked, the ticket is closed as unreachable. Default 5 working days.
   */
  citizenWait: z
    .strictObject({ unreachableAfter: SpanSchema })
    .default({ unreachableAfter: { workingDays: 5 } }),
  /**
   * The span a complex ticket (processing level 3, set by the Office Chief with a reason) is given,
   * counted from its assignment; the deadline moves there when that is later. Default 30 working days.
   */
  complexDeadline: SpanSchema.default({ workingDays: 30 }),
  /**
   * Co-handling (issue 18): a supporting unit's input is due `inputShare` of the way from the moment
   * it is asked to the lead's deadline, counted in the supporting unit's office time (plain time when
   * the reply span is in seconds), so the lead has the rest of its span to use the inputs. Default 0.5.
   */
  coHandling: z.strictObject({ inputShare: z.number().gt(0).lt(1) }).default({ inputShare: 0.5 }),
  /** SMTP attempts before a message is recorded as failed and the Office Chief is alerted. */
  mail: z.strictObject({ maxAttempts: z.number().int().min(1).max(30) }),
});

export type SlaPolicy = z.infer<typeof SlaPolicySchema>;
export type Official = (typeof OFFICIALS)[number];

const DEFAULT_FILE = new URL('./sla-policy.json', import.meta.url);

/** Reads the SLA policy (POLICY_FILE when given); a bad file stops start-up naming each problem. */
export function loadSlaPolicy(file?: string): SlaPolicy {
  const source = file ?? DEFAULT_FILE;
  return readConfigFile(source, 'SLA policy', SlaPolicySchema);
}
