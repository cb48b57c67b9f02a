import { deleteAttachments, type StoredAttachment } from '../answering/attachment-store.js';
import { RetentionRun } from '../db/models/retention-run.model.js';
import type { RuntimeDeps } from '../runtime-deps.js';
import {
  anonymiseTicket,
  findTicketsToAnonymise,
  findTicketsWithAttachmentsToDelete,
  markAttachmentsDeleted,
} from '../tickets/repository/ticket-privacy.js';
import { purgeAccessLogBefore } from './purge-access-log.js';
import { retentionCutoffs } from './retention-cutoffs.js';

/** Tickets taken per batch; a run goes on until nothing is left. */
const BATCH = 200;
/** Ids of anonymised tickets kept in a run's record (the count is always exact). */
const RUN_CODES_KEPT = 1000;

export interface RetentionOutcome {
  runId: string;
  anonymised: number;
  skipped: number;
  attachmentTickets: number;
  attachmentsDeleted: number;
  accessLogPurged: number | null;
}

/**
 * The retention job (privacy policy, `retention`): anonymises the identity of tickets closed longer
 * ago than the policy allows, deletes old answer attachments, and purges the access log; records the
 * run in `retention_runs` and logs it. Every step is guarded and idempotent: a second run at the same
 * instant finds nothing left to do, and a run cut short is finished by the next one.
 */
export async function runRetention(
  deps: Pick<RuntimeDeps, 'domain' | 'clock' | 'log' | 'config'>,
): Promise<RetentionOutcome> {
  const startedAt = deps.clock();
  const cutoffs = retentionCutoffs(deps.domain.privacy.retention, startedAt);
  const run = await RetentionRun.create({ startedAt, ...cutoffs });
  const outcome: Omit<RetentionOutcome, 'runId'> = {
    anonymised: 0,
    skipped: 0,
    attachmentTickets: 0,
    attachmentsDeleted: 0,
    accessLogPurged: null,
  };
  const ticketIds: string[] = [];
  try {
    // Attachments first: a ticket past both limits loses its files and its identity in the same run.
    for (;;) {
      const tickets = await findTicketsWithAttachmentsToDelete(cutoffs.deleteAttachmentsClosedBefore, BATCH);
      if (tickets.length === 0) break;
      for (const ticket of tickets) {
        const listed = [
          ...(ticket.answer?.attachments ?? []),
          // Co-handling: the supporting units' files go with the answer's.
          ...(ticket.supports ?? []).flatMap((support) => support.input?.attachments ?? []),
        ];
        const files: StoredAttachment[] = listed.flatMap((file) =>
          file.storedAs
            ? [
                {
                  id: file.id ?? '',
                  filename: file.filename ?? '',
                  contentType: file.contentType ?? '',
                  size: file.size ?? 0,
                  storedAs: file.storedAs,
                },
              ]
            : [],
        );
        // Files before the record: if the update is lost, the next run deletes (nothing) and records it.
        await deleteAttachments(ticket._id.toString(), files);
        if (await markAttachmentsDeleted(ticket, files.length, deps.clock())) {
          outcome.attachmentTickets++;
          outcome.attachmentsDeleted += files.length;
        }
      }
      if (tickets.length < BATCH) break;
    }
    const seen = new Set<string>();
    for (;;) {
      const ids = (await findTicketsToAnonymise(cutoffs.anonymiseClosedBefore, BATCH)).filter(
        (id) => !seen.has(id),
      );
      if (ids.length === 0) break;
      for (const id of ids) {
        seen.add(id);
        const result = await anonymiseTicket(id, 'retention', deps.clock);
        if (result === 'anonymised') {
          outcome.anonymised++;
          if (ticketIds.length < RUN_CODES_KEPT) ticketIds.push(id);
        } else if (result === 'lost_race') outcome.skipped++;
      }
    }
    outcome.accessLogPurged = (await purgeAccessLogBefore(cutoffs.purgeAccessLogBefore)) ?? null;
  } catch (error) {
    await RetentionRun.updateOne(
      { _id: run._id },
      {
        $set: { ...outcome, anonymisedTicketIds: ticketIds, finishedAt: deps.clock(), error: String(error) },
      },
    );
    deps.log.warn('retention run failed; the next run continues', { runId: String(run._id), ...outcome });
    throw error;
  }
  await RetentionRun.updateOne(
    { _id: run._id },
    { $set: { ...outcome, anonymisedTicketIds: ticketIds, finishedAt: deps.clock() } },
  );
  deps.log.info('retention run', {
    runId: String(run._id),
    anonymiseClosedBefore: cutoffs.anonymiseClosedBefore.toISOString(),
    deleteAttachmentsClosedBefore: cutoffs.deleteAttachmentsClosedBefore.toISOString(),
    ...outcome,
  });
  return { runId: String(run._id), ...outcome };
}
