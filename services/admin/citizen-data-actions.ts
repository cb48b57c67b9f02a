import type { Request } from 'express';
import { z } from 'zod';
import {
  anonymiseCitizenTickets,
  CitizenKeySchema,
  CorrectionSchema,
  correctCitizenTicket,
  describeKey,
  findCitizenTickets,
  sha256Hex,
  type CitizenKey,
} from '../../shared/privacy/citizen-data.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import type { StoredTicket } from '../../shared/tickets/repository/ticket-repository.js';
import type { AppContext } from '../app-context.js';
import { recordRequestEvent, recordRequestEvents, staffAsActor, ticketRef } from '../http/staff-event.js';
import { parseInput } from '../http/validate-input.js';
import { toTicketView, type TicketView } from '../intake/ticket-view.js';
import { citizenDataHtml } from './citizen-data-export.js';
import { DATA_SUBJECT } from '../../shared/privacy/identity-view.js';
import type { CitizenExportFile } from './audit-api.views.js';

/**
 * The four citizen-data actions (issue 16 item 4), each recorded in the staff-event store, shared
 * by the admin page (/admin/citizen-data) and the API (/api/v1/citizen-data/*). The person's phone
 * or e-mail always travels in a POST body, never in a URL (URLs end up in histories and proxy logs).
 */
type Deps = Pick<AppContext, 'log' | 'clock' | 'domain' | 'views'>;

export function parseCitizenKey(body: unknown): CitizenKey {
  const raw = (body ?? {}) as Record<string, unknown>;
  return parseInput(CitizenKeySchema, { phone: raw.phone, email: raw.email });
}

/**
 * How the person appears in the access log: the sha256 of their normalised phone or e-mail, not the
 * value, so the log of an erasure does not keep what was erased; hashing the number again finds
 * their rows.
 */
export function keyDigest(key: CitizenKey): string {
  return `sha256:${sha256Hex(describeKey(key))}`;
}

function actorOf(staff: StaffPrincipal) {
  return { kind: 'staff' as const, id: staff.id, name: staff.name };
}

export async function searchCitizenData(
  deps: Deps,
  req: Request,
  staff: StaffPrincipal,
  body: unknown,
): Promise<{ key: CitizenKey; tickets: StoredTicket[] }> {
  const key = parseCitizenKey(body);
  const tickets = await findCitizenTickets(key);
  recordRequestEvents(deps, req, staffAsActor(staff), [
    { kind: 'citizen_data_search', target: keyDigest(key), data: { found: tickets.length } },
    ...tickets.map((ticket) => ({
      kind: 'view' as const,
      ticket: ticketRef(ticket),
      data: { page: 'citizen-data' },
    })),
  ]);
  return { key, tickets };
}

/** `format` of a citizen-data export: the API's JSON ticket views, or a readable page. */
export const ExportFormat = z.object({ format: z.enum(['json', 'html'], { error: 'Chọn json hoặc html.' }) });

export interface CitizenExport {
  filename: string;
  contentType: string;
  body: string;
}

/** Every ticket of the person as JSON (the API's ticket view) or a readable Vietnamese HTML page. */
export async function exportCitizenData(
  deps: Deps,
  req: Request,
  staff: StaffPrincipal,
  body: unknown,
): Promise<CitizenExport> {
  const key = parseCitizenKey(body);
  const { format } = parseInput(ExportFormat, { format: (body as { format?: unknown } | undefined)?.format });
  const tickets = await findCitizenTickets(key);
  const now = deps.clock();
  const views: TicketView[] = tickets.map((ticket) => toTicketView(ticket, deps.domain, DATA_SUBJECT));
  recordRequestEvents(
    deps,
    req,
    staffAsActor(staff),
    tickets.map((ticket) => ({
      kind: 'export' as const,
      ticket: ticketRef(ticket),
      target: keyDigest(key),
      data: { export: 'citizen-data', format },
    })),
  );
  const stamp = now.toISOString().slice(0, 10);
  if (format === 'json') {
    return {
      filename: `du-lieu-nguoi-dan-${stamp}.json`,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(
        { exportedAt: now.toISOString(), person: key, tickets: views } satisfies CitizenExportFile,
        null,
        2,
      ),
    };
  }
  return {
    filename: `du-lieu-nguoi-dan-${stamp}.html`,
    contentType: 'text/html; charset=utf-8',
    body: citizenDataHtml(deps.views, { now, key: describeKey(key), tickets: views }),
  };
}

export async function correctCitizenData(
  deps: Deps,
  req: Request,
  staff: StaffPrincipal,
  body: unknown,
): Promise<StoredTicket> {
  const key = parseCitizenKey(body);
  const raw = (body ?? {}) as Record<string, unknown>;
  const correction = parseInput(CorrectionSchema, { ticket: raw.ticket, field: raw.field, value: raw.value });
  const result = await correctCitizenTicket(key, correction, { at: deps.clock(), actor: actorOf(staff) });
  // The old value leaves only as its sha256: the log proves what was changed without keeping it.
  recordRequestEvent(deps, req, staffAsActor(staff), {
    kind: 'citizen_data_correct',
    ticket: ticketRef(result.ticket),
    target: keyDigest(key),
    data: { field: correction.field, oldValueSha256: result.oldValueSha256 },
  });
  return result.ticket;
}

export async function anonymiseCitizenData(
  deps: Deps,
  req: Request,
  staff: StaffPrincipal,
  body: unknown,
): Promise<{ anonymised: string[]; already: string[] }> {
  const key = parseCitizenKey(body);
  const result = await anonymiseCitizenTickets(key, { at: deps.clock(), actor: actorOf(staff) });
  recordRequestEvents(
    deps,
    req,
    staffAsActor(staff),
    result.anonymised.map((ticket) => ({
      kind: 'anonymise' as const,
      ticket: ticketRef(ticket),
      target: keyDigest(key),
      data: { reason: 'citizen_request' },
    })),
  );
  return { anonymised: result.anonymised.map((ticket) => ticket.code), already: result.already };
}
