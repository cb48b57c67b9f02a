import { readConfigFile } from './read-config-file.js';
import { z } from 'zod';

/** A retention period in whole calendar years and/or days (`{ "years": 5 }`). */
export const RetentionSpanSchema = z
  .strictObject({
    years: z.number().int().min(0).max(100).optional(),
    days: z.number().int().min(0).max(36_600).optional(),
  })
  .refine((span) => span.years !== undefined || span.days !== undefined, 'give `years` or `days`');
export type RetentionSpan = z.infer<typeof RetentionSpanSchema>;

/** A role id, as stored on staff accounts; the list itself is checked against STAFF_ROLES at start-up. */
const RoleId = z.string().regex(/^[a-z_]{2,32}$/, 'a role id such as "operator"');

export const PrivacyPolicySchema = z.strictObject({
  $comment: z.string().optional(),
  /**
   * Categories whose complainant is always confidential: complaints about an official's conduct
   * (the Law on Denunciations 2018, art. 9 and 47: the denouncer's identity is kept secret).
   * Any other ticket is confidential when the operator marks it so at intake.
   */
  confidentialCategories: z.array(z.string()).default(['conduct']),
  /**
   * Roles that see a confidential complainant's name, phone, e-mail and address: the ones who must
   * call the citizen back or review the complaint. Everyone else (units, other staff, e-mails,
   * exports, the webhook, logs) sees "Người phản ánh đề nghị giữ bí mật".
   */
  confidentialIdentityRoles: z.array(RoleId).default(['operator', 'reviewer']),
  /** Roles that may ask for the citizens' names and phones in the monthly export (never by default). */
  exportIdentityRoles: z.array(RoleId).default([]),
  retention: z.strictObject({
    /**
     * Identity fields (name, phone, e-mail, address, phone numbers in free text) of a closed ticket
     * are anonymised this long after closure. Default 5 years: the longest period in which a
     * complaint about the handling can still be reopened or audited (Law on Complaints 2011, art. 9
     * and the archive rules for citizen-reception files), after which identity serves no duty.
     */
    anonymiseIdentityAfterClosure: RetentionSpanSchema.default({ years: 5 }),
    /**
     * Answer attachments of a closed ticket are deleted this long after closure. Default 2 years:
     * the answer text stays with the ticket; the files (scans, photos) are the bulkiest personal
     * data and are not needed once the period for re-examining the answer has passed.
     */
    deleteAttachmentsAfterClosure: RetentionSpanSchema.default({ years: 2 }),
    /**
     * Entries of the access log (who saw which identity) are kept this long. Default 5 years, the
     * same as the identities they account for, so every view of a kept identity can be shown.
     */
    keepAccessLog: RetentionSpanSchema.default({ years: 5 }),
  }),
});

export type PrivacyPolicy = z.infer<typeof PrivacyPolicySchema>;

const DEFAULT_FILE = new URL('./privacy-policy.json', import.meta.url);

/** Reads the privacy policy (PRIVACY_POLICY_FILE when given); a bad file stops start-up naming each problem. */
export function loadPrivacyPolicy(file?: string, knownRoles?: readonly string[]): PrivacyPolicy {
  const source = file ?? DEFAULT_FILE;
  const data = readConfigFile(source, 'privacy policy', PrivacyPolicySchema);
  if (knownRoles) {
    const unknown = [...data.confidentialIdentityRoles, ...data.exportIdentityRoles].filter(
      (role) => !knownRoles.includes(role),
    );
    if (unknown.length > 0) {
      throw new Error(`Invalid privacy policy ${String(source)}: unknown role(s) ${unknown.join(', ')}`);
    }
  }
  return data;
}
