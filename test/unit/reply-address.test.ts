import { expect } from 'chai';
import { parseConfig } from '../../config/env.js';
import {
  parseReplyToken,
  replyAddress,
  replyToken,
  replyTokenOf,
  verifyReplyToken,
} from '../../shared/security/reply-address.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const BASE = 'tra-loi@so-vhttdl.example.gov.vn';
const TICKET = '6750a1b2c3d4e5f601234567';

describe('reply address', () => {
  it('is the base address with the assignment token after a +, within SMTP’s 64-character local part', () => {
    const address = replyAddress(BASE, replyToken(SECRET, TICKET, 1, 'salt-1'));
    expect(address).to.match(
      /^tra-loi\+6750a1b2c3d4e5f601234567-1-[0-9a-f]{24}@so-vhttdl\.example\.gov\.vn$/,
    );
    expect(address.split('@')[0]!.length).to.be.at.most(64);
  });

  it('is found again in a reply whatever case the mail system gave it, and verified by the salt', () => {
    const token = replyToken(SECRET, TICKET, 2, 'salt-2');
    const found = replyTokenOf(BASE, replyAddress(BASE, token).toUpperCase());
    const parts = parseReplyToken(found ?? '');
    expect(parts).to.include({ ticketId: TICKET, assignmentNo: 2 });
    expect(verifyReplyToken(SECRET, parts!, 'salt-2')).to.equal(true);
  });

  it('is withdrawn with the assignment: another salt (a reassignment) or secret does not verify it', () => {
    const parts = parseReplyToken(replyToken(SECRET, TICKET, 1, 'salt-1'))!;
    expect(verifyReplyToken(SECRET, parts, 'salt-of-the-next-assignment')).to.equal(false);
    expect(verifyReplyToken(`${SECRET}-rotated`, parts, 'salt-1')).to.equal(false);
  });

  it('is not taken from other addresses: the base itself, another domain, a mangled token', () => {
    expect(replyTokenOf(BASE, BASE)).to.equal(undefined);
    expect(replyTokenOf(BASE, 'tra-loi+abc@elsewhere.example.com')).to.equal(undefined);
    expect(parseReplyToken('6750a1b2c3d4e5f601234567-1-short')).to.equal(undefined);
    expect(parseReplyToken('6750a1b2c3d4e5f601234567-0-' + 'a'.repeat(24))).to.equal(undefined);
  });

  it('needs MAIL_REPLY_ADDRESS (without a +) when IMAP_URL is set', () => {
    expect(() => parseConfig({ IMAP_URL: 'imaps://u:p@mail.example.gov.vn' })).to.throw(/MAIL_REPLY_ADDRESS/);
    expect(() => parseConfig({ MAIL_REPLY_ADDRESS: 'tra-loi+x@example.gov.vn' })).to.throw(
      /MAIL_REPLY_ADDRESS/,
    );
    expect(() => parseConfig({ IMAP_URL: 'http://mail.example.gov.vn' })).to.throw(/IMAP_URL/);
    expect(
      parseConfig({ IMAP_URL: 'imaps://u:p@mail.example.gov.vn', MAIL_REPLY_ADDRESS: BASE })
        .IMAP_POLL_SECONDS,
    ).to.equal(60);
  });
});
