import { expect } from 'chai';
import { citizenNotices, noticeAddress } from '../../shared/notices/citizen-notices.js';
import {
  foldVietnamese,
  gsm7Septets,
  longestNoticeSeptets,
  NOTICE_KINDS,
  noticeSmsText,
  noticeTextVi,
  SMS_MAX_SEPTETS,
} from '../../shared/notices/notice-text-vi.js';
import { smsStartUpLine } from '../../shared/notices/sms-gateway.js';

// The longest values a notice can meet: a seven-digit yearly sequence (beyond a million calls a year)
// and a long departmental host name.
const WORST = {
  code: '1022-2026-9999999',
  lookupUrl: 'https://tongdai1022.sovanhoathethaodulich.dongthap.gov.vn/tra-cuu',
};

describe('citizen notice texts', () => {
  for (const kind of NOTICE_KINDS) {
    it(`${kind}: one GSM-7 SMS of at most 160 characters with the longest code and address`, () => {
      const sms = noticeSmsText(kind, WORST);
      const septets = gsm7Septets(sms);
      expect(septets, `not GSM-7: ${sms}`).to.be.a('number');
      expect(septets, sms).to.be.at.most(SMS_MAX_SEPTETS);
      expect(sms).to.contain(WORST.code);
    });

    it(`${kind}: the e-mail keeps the Vietnamese diacritics, in NFC`, () => {
      const text = noticeTextVi(kind, WORST);
      expect(text).to.contain('Tổng đài 1022');
      expect(text).to.equal(text.normalize('NFC'));
      expect(foldVietnamese(text)).to.equal(noticeSmsText(kind, WORST));
    });
  }

  it('the receipt says the code and where to look it up', () => {
    const text = noticeTextVi('notice_received', WORST);
    expect(text).to.contain(WORST.code).and.to.contain(WORST.lookupUrl).and.to.contain('4 số cuối');
  });

  it('folds every Vietnamese letter to plain Latin', () => {
    expect(foldVietnamese('Đường Nguyễn Huệ, phường Mỹ Phú: ơ ư ắ ặ ỹ')).to.equal(
      'Duong Nguyen Hue, phuong My Phu: o u a a y',
    );
    expect(gsm7Septets('Tổng đài')).to.equal(null);
    expect(gsm7Septets('Tong dai [1022]')).to.equal(17);
  });

  it('the start-up line warns when the public address makes a notice longer than one SMS', () => {
    const long = smsStartUpLine(
      { SMS_GATEWAY_URL: 'https://sms.example.vn/send', PUBLIC_BASE_URL: `https://${'a'.repeat(80)}.gov.vn` },
      longestNoticeSeptets,
      SMS_MAX_SEPTETS,
    );
    expect(long.level).to.equal('warn');
    const none = smsStartUpLine(
      { SMS_GATEWAY_URL: undefined, PUBLIC_BASE_URL: 'https://x.gov.vn' },
      longestNoticeSeptets,
      SMS_MAX_SEPTETS,
    );
    expect(none).to.deep.equal({
      level: 'info',
      message: 'SMS: no SMS_GATEWAY_URL set, so citizens get notices by e-mail only and no SMS is owed',
    });
  });
});

describe('citizen notices owed', () => {
  const calendar = {
    isWithinOfficeHours: () => false,
    nextOfficeOpening: () => new Date('2026-12-02T00:30:00Z'),
  };
  const config = {
    PUBLIC_BASE_URL: 'https://hotline.example.gov.vn',
    SMS_GATEWAY_URL: 'https://sms.example.vn/send',
    NOTIFY_OUTSIDE_OFFICE_HOURS: false,
  };
  const now = new Date('2026-12-01T15:00:00Z');
  const base = {
    ticketId: 'a'.repeat(24),
    kind: 'notice_received',
    keyStem: 'notice-received',
    now,
    config,
    calendar,
  } as const;

  it('owes an e-mail and an SMS, keeping neither address, and waits for office hours', () => {
    const mails = citizenNotices({
      ...base,
      ticket: { citizen: { phone: '+84912345678', email: 'an@example.vn' }, priority: 'normal' },
    });
    expect(mails.map((mail) => [mail.key, mail.channel, mail.to])).to.deep.equal([
      ['notice-received-email', 'email', []],
      ['notice-received-sms', 'sms', []],
    ]);
    expect(mails[0]!.notBefore.toISOString()).to.equal('2026-12-02T00:30:00.000Z');
    expect(mails[1]!.messageId).to.equal(`${'a'.repeat(24)}.notice-received-sms@hotline.example.gov.vn`);
  });

  it('owes no SMS without a gateway, and nothing to a citizen who opted out or was anonymised', () => {
    const citizen = { phone: '+84912345678', email: 'an@example.vn' };
    expect(
      citizenNotices({ ...base, config: { ...config, SMS_GATEWAY_URL: undefined }, ticket: { citizen } }).map(
        (mail) => mail.channel,
      ),
    ).to.deep.equal(['email']);
    expect(
      citizenNotices({ ...base, ticket: { citizen: { ...citizen, noticesOptOut: true } } }),
    ).to.deep.equal([]);
    expect(noticeAddress({ citizen, privacy: { anonymisedAt: now } }, 'sms', true)).to.equal(null);
    expect(noticeAddress({ citizen: { phone: null, email: null } }, 'email', true)).to.equal(null);
  });

  it("sends an urgent ticket's notice at once, even at night", () => {
    const [mail] = citizenNotices({
      ...base,
      ticket: { citizen: { phone: '+84912345678' }, priority: 'urgent' },
    });
    expect(mail!.notBefore.toISOString()).to.equal(now.toISOString());
  });
});
