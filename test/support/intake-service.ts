import { config as baseConfig, type Config } from '../../config/env.js';
import type { Clock } from '../../shared/clock.js';
import type { StaffRole } from '../../shared/db/models/staff.model.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { startService, type RunningService } from '../../main/start-service.js';
import { testMongoKind, useFreshDatabase } from './database.js';
import { quietLogger } from './quiet-logger.js';
import { deleteQueuePrefix, uniqueQueuePrefix } from './redis.js';

export interface IntakeService {
  url: string;
  service: RunningService;
  /** One API token per role, created in the fresh database. */
  tokens: Record<StaffRole, string>;
  staffIds: Record<StaffRole, string>;
  stop(): Promise<void>;
}

/** Fresh database, own queue prefix, one staff member per role, and the HTTP service (no workers). */
export async function startIntakeService(
  label: string,
  overrides: Partial<Config> = {},
  options: { clock?: Clock } = {},
): Promise<IntakeService> {
  const dropDatabase = await useFreshDatabase(label);
  const prefix = uniqueQueuePrefix(label);
  const config: Config = { ...baseConfig(), NODE_ENV: 'test', PORT: 0, QUEUE_PREFIX: prefix, ...overrides };
  const service = await startService({
    http: true,
    workers: false,
    config,
    log: quietLogger(),
    mongoKind: testMongoKind(),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const tokens = {} as Record<StaffRole, string>;
  const staffIds = {} as Record<StaffRole, string>;
  const names: Record<StaffRole, string> = {
    operator: 'Nguyễn Thị Lan',
    chief: 'Trần Văn Bình',
    reviewer: 'Lê Minh Châu',
    admin: 'Phạm Quốc Dũng',
  };
  for (const role of Object.keys(names) as StaffRole[]) {
    const created = await createStaff(
      { name: names[role], email: `${role}@${label}.test`, role },
      new Date(),
    );
    tokens[role] = created.token;
    staffIds[role] = created.staffId;
  }
  return {
    url: service.url!,
    service,
    tokens,
    staffIds,
    stop: async () => {
      await service.stop();
      await deleteQueuePrefix(prefix);
      await dropDatabase();
    },
  };
}

// Response bodies are checked by the tests' assertions, not by types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A JSON call to the API with a bearer token; the body is parsed when the answer is JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function api<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') && text ? JSON.parse(text) : text,
  };
}

/** A valid ticket body; override any part. */
export function ticketBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'phone',
    citizen: { name: 'Võ Thị Hồng', phone: '0912 345 678' },
    category: 'heritage',
    subject: 'Di tích Gò Tháp xuống cấp',
    content: 'Tường rào khu di tích bị sập một đoạn, đề nghị kiểm tra.',
    ...overrides,
  };
}
