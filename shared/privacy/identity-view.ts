import type { PrivacyPolicy } from '../../config/privacy-policy.js';
import { maskIdentityInText } from './anonymise.js';

/** What everyone without the right sees in place of a confidential complainant's identity. */
export const CONFIDENTIAL_IDENTITY_VI = 'Người phản ánh đề nghị giữ bí mật';
/** What everyone sees for a caller who gave no identity. */
export const ANONYMOUS_IDENTITY_VI = 'Ẩn danh';
/** What everyone sees once the identity was removed (retention, or the citizen asked). */
export const ANONYMISED_IDENTITY_VI = 'Đã ẩn danh';

/** The fields of a ticket that decide who may see its complainant. */
export interface IdentityTicket {
  category: string;
  confidential?: boolean | null;
  citizen?: {
    name?: string | null;
    phone?: string | null;
    email?: string | null;
    address?: string | null;
    anonymous?: boolean | null;
  } | null;
  privacy?: { anonymisedAt?: Date | null } | null;
}

/**
 * Who is looking: a staff member's role id, or `undefined` for everyone else — a unit through its
 * link or e-mail, the recipients of any e-mail, an exported file, the switchboard's webhook, a log line.
 */
export type IdentityViewer = string | undefined;

/** The person the data is about, served through a citizen-data request: their own identity is theirs to see. */
export const DATA_SUBJECT: IdentityViewer = 'data_subject';

export type IdentityView =
  | { shown: true; name?: string; phone?: string; email?: string; address?: string }
  | { shown: false; reason: 'anonymous' | 'confidential'; label: string };

export function isConfidential(
  ticket: Pick<IdentityTicket, 'category' | 'confidential'>,
  policy: Pick<PrivacyPolicy, 'confidentialCategories'>,
): boolean {
  return ticket.confidential === true || policy.confidentialCategories.includes(ticket.category);
}

export function maySeeConfidentialIdentity(
  viewer: IdentityViewer,
  policy: Pick<PrivacyPolicy, 'confidentialIdentityRoles'>,
): boolean {
  if (viewer === DATA_SUBJECT) return true;
  return viewer !== undefined && policy.confidentialIdentityRoles.includes(viewer);
}

/**
 * The one decision of what a viewer sees of a complainant: every page, e-mail, export and API
 * response asks it, so no door can forget a confidential ticket. Pure: values in, values out.
 */
export function identityView(
  ticket: IdentityTicket,
  viewer: IdentityViewer,
  policy: Pick<PrivacyPolicy, 'confidentialCategories' | 'confidentialIdentityRoles'>,
): IdentityView {
  const citizen = ticket.citizen ?? {};
  if (citizen.anonymous) return { shown: false, reason: 'anonymous', label: ANONYMOUS_IDENTITY_VI };
  if (isConfidential(ticket, policy) && !maySeeConfidentialIdentity(viewer, policy)) {
    return { shown: false, reason: 'confidential', label: CONFIDENTIAL_IDENTITY_VI };
  }
  // Nothing is left to withhold; the reader is told why there is no name.
  if (ticket.privacy?.anonymisedAt) return { shown: true, name: ANONYMISED_IDENTITY_VI };
  return {
    shown: true,
    ...(citizen.name ? { name: citizen.name } : {}),
    ...(citizen.phone ? { phone: citizen.phone } : {}),
    ...(citizen.email ? { email: citizen.email } : {}),
    ...(citizen.address ? { address: citizen.address } : {}),
  };
}

/**
 * A ticket's own text as a viewer may read it: when the complainant is withheld from them, phone
 * numbers, e-mail addresses and the complainant's name in it are masked too (a caller often says
 * "call me on 0912…" in the complaint itself).
 */
export function textForViewer(text: string, ticket: IdentityTicket, identity: IdentityView): string {
  if (identity.shown || identity.reason !== 'confidential') return text;
  return maskIdentityInText(text, { name: ticket.citizen?.name, email: ticket.citizen?.email });
}
