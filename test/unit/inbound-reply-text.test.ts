import { expect } from 'chai';
import { automaticKind } from '../../shared/inbound-mail/automatic-mail.js';
import { stripQuotedReply } from '../../shared/inbound-mail/strip-reply.js';
import { unitReplyHeaders } from '../../shared/mail/unit-reply-headers.js';

const ANSWER = 'Phòng đã xử lý xong hồ sơ, công dân nhận kết quả ngày 05/12.';

describe('text of an e-mailed reply', () => {
  it('drops a Gmail quote in Vietnamese, even wrapped onto two lines', () => {
    const text = `${ANSWER}\n\nVào Th 3, 1 thg 12, 2026 vào lúc 09:00 Tổng đài 1022 <\nno-reply@example.gov.vn> đã viết:\n> Phiếu 1022-2026-000123`;
    expect(stripQuotedReply(text)).to.equal(ANSWER);
  });

  it('drops an English "On … wrote:" quote and Outlook’s From/Sent header block', () => {
    expect(
      stripQuotedReply(
        `${ANSWER}\n\nOn Tue, 1 Dec 2026 at 09:00, Hotline <no-reply@example.gov.vn> wrote:\n> old`,
      ),
    ).to.equal(ANSWER);
    const outlook = `${ANSWER}\n\n________________________________\nTừ: Tổng đài 1022 <no-reply@example.gov.vn>\nĐã gửi: Thứ Ba, 1 tháng 12, 2026 9:00\nTới: qlvh@example.gov.vn\nChủ đề: Phiếu`;
    expect(stripQuotedReply(outlook)).to.equal(ANSWER);
    expect(stripQuotedReply(`${ANSWER}\n\nFrom: Hotline\nSent: Tuesday\nSubject: x`)).to.equal(ANSWER);
  });

  it('drops the signature after "-- " and a phone’s "Sent from" line, and keeps the closing the unit wrote', () => {
    const text = `${ANSWER}\n\nTrân trọng,\nNguyễn Văn Cường\n-- \nPhòng Quản lý Văn hóa\nĐT 0277 3851 234`;
    expect(stripQuotedReply(text)).to.equal(`${ANSWER}\n\nTrân trọng,\nNguyễn Văn Cường`);
    expect(stripQuotedReply(`${ANSWER}\n\nGửi từ iPhone của tôi`)).to.equal(ANSWER);
    expect(stripQuotedReply(`${ANSWER}\nSent from my iPhone`)).to.equal(ANSWER);
  });

  it('leaves nothing of a reply that only quotes (an empty answer), and keeps a plain reply whole', () => {
    expect(stripQuotedReply('\n> Phiếu 1022-2026-000123\n> Nội dung')).to.equal('');
    expect(stripQuotedReply(`  ${ANSWER}\r\nDòng hai.  `)).to.equal(`${ANSWER}\nDòng hai.`);
  });
});

describe('e-mail written by a machine', () => {
  const person = {
    headers: new Map<string, string>(),
    from: 'binh@qlvh.example.gov.vn',
    subject: 'RE: Phiếu',
    contentType: 'text/plain',
  };
  const withHeader = (name: string, value: string) => ({ ...person, headers: new Map([[name, value]]) });

  it('is told apart from a person’s reply', () => {
    expect(automaticKind(person)).to.equal(undefined);
    expect(automaticKind(withHeader('auto-submitted', 'no'))).to.equal(undefined);
  });

  it('covers out-of-office replies, bounces, lists and our own mail come back', () => {
    expect(automaticKind(withHeader('auto-submitted', 'auto-replied'))).to.equal('auto_reply');
    expect(automaticKind(withHeader('x-autoreply', 'yes'))).to.equal('auto_reply');
    expect(automaticKind(withHeader('precedence', 'bulk'))).to.equal('auto_reply');
    expect(automaticKind({ ...person, subject: 'Trả lời tự động: RE: Phiếu' })).to.equal('auto_reply');
    expect(automaticKind({ ...person, subject: 'Automatic reply: Phiếu' })).to.equal('auto_reply');
    expect(
      automaticKind({ ...person, contentType: 'multipart/report; report-type=delivery-status' }),
    ).to.equal('bounce');
    expect(automaticKind({ ...person, from: 'MAILER-DAEMON@mail.example.gov.vn' })).to.equal('bounce');
    expect(automaticKind(withHeader('list-id', '<units.example.gov.vn>'))).to.equal('list');
    expect(automaticKind(withHeader('x-hotline-ticket', '1022-2026-000123'))).to.equal('own_mail');
  });
});

describe('reply headers of units’ e-mails', () => {
  const config = {
    LINK_SECRET: 'a-secret-of-at-least-thirty-two-characters',
    MAIL_REPLY_ADDRESS: 'tra-loi@so.example.gov.vn',
  };
  const ticket = {
    _id: '6750a1b2c3d4e5f601234567',
    assignment: { no: 2, tokenSalt: 'salt' },
    outbox: [{ key: 'assign-2', messageId: '6750a1b2c3d4e5f601234567.assign-2@hotline.example.gov.vn' }],
  };

  it('threads a reminder under the assignment e-mail and gives it the assignment’s reply address', () => {
    const headers = unitReplyHeaders(config, ticket, { kind: 'remind', data: { assignmentNo: 2 } });
    expect(headers.replyTo).to.match(
      /^tra-loi\+6750a1b2c3d4e5f601234567-2-[0-9a-f]{24}@so\.example\.gov\.vn$/,
    );
    expect(headers.inReplyTo).to.equal('<6750a1b2c3d4e5f601234567.assign-2@hotline.example.gov.vn>');
    expect(headers.references).to.deep.equal([headers.inReplyTo]);
    expect(unitReplyHeaders(config, ticket, { kind: 'overdue', data: { assignmentNo: 2 } }).replyTo).to.equal(
      headers.replyTo,
    );
  });

  it('gives none to an earlier assignment’s late e-mail, to officials’ e-mails, or without MAIL_REPLY_ADDRESS', () => {
    expect(unitReplyHeaders(config, ticket, { kind: 'remind', data: { assignmentNo: 1 } })).to.deep.equal({});
    expect(unitReplyHeaders(config, ticket, { kind: 'escalate', data: { assignmentNo: 2 } })).to.deep.equal(
      {},
    );
    expect(
      unitReplyHeaders({ ...config, MAIL_REPLY_ADDRESS: undefined }, ticket, {
        kind: 'assign',
        data: { assignmentNo: 2 },
      }),
    ).to.deep.equal({});
  });
});
