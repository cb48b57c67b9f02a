import { expect } from 'chai';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger } from '../../shared/log/logger.js';

function capture(production: boolean) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level: 'debug', production, transport: new winston.transports.Stream({ stream }) });
  return { log, lines };
}

describe('log redaction', () => {
  for (const production of [true, false]) {
    it(`keeps citizens' data and link tokens out of ${production ? 'JSON' : 'readable'} log lines`, () => {
      const { log, lines } = capture(production);
      log.info('call-back number 0912 345 678, reply to an.nguyen@example.com', {
        ticketCode: '1022-2026-000123',
        citizen: { name: 'Nguyễn Văn An', phone: '+84912345678', email: 'an@example.com' },
        content: 'Cán bộ một cửa hạch sách',
        subject: 'Thái độ cán bộ',
        path: '/answer/Zk3v8L1Q2w9xYtR5pA7mN0cB4dE6fG8h',
        headers: { authorization: 'Bearer hl_secret_token_value_123456' },
      });
      const line = lines.join('');
      expect(line).to.contain('1022-2026-000123');
      for (const secret of ['Nguyễn', '0912 345 678', '+84912345678', 'an.nguyen@example.com', 'an@example.com', 'hạch sách', 'Thái độ', 'Zk3v8L1Q2w9x', 'hl_secret']) {
        expect(line, secret).not.to.contain(secret);
      }
    });
  }

  it('writes JSON in production', () => {
    const { log, lines } = capture(true);
    log.info('hello', { ticketCode: '1022-2026-000001' });
    expect(JSON.parse(lines[0]!)).to.include({ level: 'info', message: 'hello', ticketCode: '1022-2026-000001' });
  });
});
