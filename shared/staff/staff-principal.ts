import type { ApiTokenScope, StaffRole } from '../db/models/staff.model.js';

/** Who is calling: what an authenticated request or session knows about its staff member. */
export interface StaffPrincipal {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  /** The API token used (directly or to open the page session), so that revoking it ends both. */
  apiTokenId: string;
  /** What the API token used for this request may do; undefined for page sessions (their role decides). */
  apiTokenScopes?: ApiTokenScope[];
}
