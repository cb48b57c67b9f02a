import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors/app-error.js';
import { enqueueRoute } from '../../shared/queue/enqueue.js';
import type { QueueSet } from '../../shared/queue/queues.js';
import type { StaffPrincipal } from '../../shared/staff/staff-principal.js';
import {
  allocateTicketCode,
  findTicketByIdempotencyKey,
  insertTicket,
  isDuplicateKeyError,
  type StoredTicket,
} from '../../shared/tickets/repository/ticket-repository.js';
import { parseInput } from '../http/validate-input.js';
import { requestHash, scopedIdempotencyKey } from './idempotency.js';
import { newTicketDocument } from './new-ticket-document.js';
import { IdempotencyKeySchema, type TicketInputSchema } from './ticket-input.schema.js';
import type { RoutingState } from './ticket-view.js';

/** A switchboard's clock may run a little ahead; more than this is a mistake, not drift. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** Code collisions happen only if the counters were lost (a restored backup); a few retries step past them. */
const MAX_CODE_ATTEMPTS = 5;

export interface IntakeDeps {
  queues: QueueSet;
  clock: Clock;
  inputSchema: TicketInputSchema;
}

export interface CreateTicketCommand {
  /** The request body as received (JSON from the API, the mapped form from the operator page). */
  body: unknown;
  staff: StaffPrincipal;
  /** `Idempotency-Key` header, or the operator form's one-time id. */
  idempotencyKey?: string;
}

export interface CreateTicketResult {
  ticket: StoredTicket;
  /** True when this was a retry of an earlier identical request: nothing new was created. */
  replayed: boolean;
  routing: RoutingState;
}

/**
 * Logs a call as a ticket: validate, refuse or replay a retry, number it, store it whole in one
 * insert, then hand routing to the queue. Redis being down does not fail the call: the ticket
 * keeps `next: route` and the sweeper enqueues it later.
 */
export async function createTicket(
  deps: IntakeDeps,
  command: CreateTicketCommand,
): Promise<CreateTicketResult> {
  const input = parseInput(deps.inputSchema, command.body);
  const headerKey =
    command.idempotencyKey === undefined ? undefined : parseIdempotencyKey(command.idempotencyKey);
  const now = deps.clock();
  const receivedAt = input.receivedAt ?? now;
  if (receivedAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS) {
    throw new AppError(400, 'VALIDATION_FAILED', {
      details: [{ path: 'receivedAt', message: 'Thời điểm nhận không được muộn hơn hiện tại quá 5 phút.' }],
    });
  }
  const key = scopedIdempotencyKey(command.staff.id, headerKey, input.externalRef);
  const hash = requestHash(input);

  // No look-up before the insert: the unique index on idempotencyKey refuses a retry, and only then
  // is the earlier ticket read (a new ticket costs the counter and the insert, nothing more). A retry
  // of a stored request therefore leaves one number of the year unused.
  for (let attempt = 1; ; attempt++) {
    const code = await allocateTicketCode(receivedAt);
    const document = newTicketDocument({
      input,
      code,
      receivedAt,
      now,
      staff: command.staff,
      idempotencyKey: key,
      requestHash: hash,
    });
    try {
      const ticket = await insertTicket(document);
      return { ticket, replayed: false, routing: await handOver(deps, ticket) };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // A retry of this request (or another copy of it that won the race): answer with the first one.
      const earlier = key ? await findTicketByIdempotencyKey(key) : null;
      if (earlier) return replay(deps, earlier, hash);
      // Otherwise the code collided (counters lost, e.g. a restored backup): step past it.
      if (attempt >= MAX_CODE_ATTEMPTS) throw error;
    }
  }
}

function parseIdempotencyKey(raw: string): string {
  const result = IdempotencyKeySchema.safeParse(raw);
  if (result.success) return result.data;
  throw new AppError(400, 'VALIDATION_FAILED', {
    details: [
      {
        path: 'Idempotency-Key',
        message: 'Khóa Idempotency-Key phải có 1–200 ký tự ASCII nhìn thấy được, không khoảng trắng.',
      },
    ],
  });
}

async function replay(deps: IntakeDeps, earlier: StoredTicket, hash: string): Promise<CreateTicketResult> {
  if (earlier.requestHash !== hash) throw new AppError(409, 'IDEMPOTENCY_CONFLICT');
  return { ticket: earlier, replayed: true, routing: await handOver(deps, earlier) };
}

/**
 * Enqueues routing if the ticket still owes it. Enqueueing again on a replay is harmless (the job id
 * is deterministic) and gives a ticket stuck as "pending" another chance.
 */
async function handOver(deps: IntakeDeps, ticket: StoredTicket): Promise<RoutingState> {
  if (ticket.status === 'resolved_at_intake') return 'none';
  if (ticket.next?.action !== 'route') return 'queued';
  return (await enqueueRoute(deps.queues, ticket._id.toString())) ? 'queued' : 'pending';
}
