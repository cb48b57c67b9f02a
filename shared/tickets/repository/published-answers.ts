import { Ticket } from '../../db/models/ticket.model.js';
import type { StoredTicket } from './ticket-repository.js';

export interface PublishedAnswer {
  code: string;
  category: string;
  question: string;
  answer: string;
  unitCode?: string;
  receivedAt: Date;
  answeredAt?: Date;
  publishedAt: Date;
}

/**
 * Published answers for the public page, newest first, reading only the published copy of the
 * text (never the citizen, the original content or the events).
 */
export async function listPublishedAnswers(filter: {
  category?: string;
  publishedFrom?: Date;
  publishedTo?: Date;
  skip: number;
  limit: number;
}): Promise<{ items: PublishedAnswer[]; total: number }> {
  const query: Record<string, unknown> = { 'publication.status': 'published' };
  if (filter.category) query.category = filter.category;
  if (filter.publishedFrom || filter.publishedTo) {
    query['publication.publishedAt'] = {
      ...(filter.publishedFrom ? { $gte: filter.publishedFrom } : {}),
      ...(filter.publishedTo ? { $lt: filter.publishedTo } : {}),
    };
  }
  const [rows, total] = await Promise.all([
    Ticket.find(query, {
      code: 1,
      category: 1,
      receivedAt: 1,
      'publication.question': 1,
      'publication.answer': 1,
      'publication.publishedAt': 1,
      'answer.unitCode': 1,
      'answer.answeredAt': 1,
    })
      .sort({ 'publication.publishedAt': -1 })
      .skip(filter.skip)
      .limit(filter.limit)
      .lean<StoredTicket[]>(),
    Ticket.countDocuments(query),
  ]);
  return {
    total,
    items: rows.map((row) => ({
      code: row.code,
      category: row.category,
      question: row.publication?.question ?? '',
      answer: row.publication?.answer ?? '',
      ...(row.answer?.unitCode ? { unitCode: row.answer.unitCode } : {}),
      receivedAt: row.receivedAt,
      ...(row.answer?.answeredAt ? { answeredAt: row.answer.answeredAt } : {}),
      publishedAt: row.publication?.publishedAt ?? row.receivedAt,
    })),
  };
}
