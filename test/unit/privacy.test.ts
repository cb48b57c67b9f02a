import { expect } from 'chai';
import { loadPrivacyPolicy, PrivacyPolicySchema } from '../../config/privacy-policy.js';
import { anonymisedFields, maskIdentityInText } from '../../shared/privacy/anonymise.js';
import {
  ANONYMOUS_IDENTITY_VI,
  CONFIDENTIAL_IDENTITY_VI,
  identityView,
} from '../../shared/privacy/identity-view.js';
import { instantBefore, retentionCutoffs } from '../../shared/retention/retention-cutoffs.js';

const policy = PrivacyPolicySchema.parse({
  confidentialCategories: ['conduct'],
  confidentialIdentityRoles: ['operator', 'reviewer'],
  retention: {},
});
const citizen = { name: 'Đặng Văn Khiếu', phone: '+84987654321', email: 'k@example.vn', anonymous: false };

describe('identity view', () => {
  it('shows an ordinary complainant to everyone, units included', () => {
    expect(identityView({ category: 'heritage', citizen }, undefined, policy)).to.deep.include({
      shown: true,
      name: 'Đặng Văn Khiếu',
    });
  });

  it('shows a conduct complainant only to the roles of the policy', () => {
    const ticket = { category: 'conduct', citizen };
    expect(identityView(ticket, 'reviewer', policy).shown).to.equal(true);
    expect(identityView(ticket, 'operator', policy).shown).to.equal(true);
    for (const viewer of ['chief', 'admin', undefined]) {
      expect(identityView(ticket, viewer, policy)).to.deep.equal({
        shown: false,
        reason: 'confidential',
        label: CONFIDENTIAL_IDENTITY_VI,
      });
    }
  });

  it('treats a ticket marked confidential like a conduct complaint, and an anonymous caller as no one', () => {
    expect(
      identityView({ category: 'heritage', confidential: true, citizen }, 'chief', policy).shown,
    ).to.equal(false);
    expect(
      identityView({ category: 'heritage', citizen: { anonymous: true } }, 'operator', policy),
    ).to.deep.include({
      label: ANONYMOUS_IDENTITY_VI,
    });
  });
});

describe('anonymisation', () => {
  it('masks phone numbers in their usual spellings, e-mail addresses and the full name, and nothing else', () => {
    const text =
      'Tôi là Đặng Văn Khiếu (ĐẶNG VĂN KHIẾU), gọi 0987 654 321, +84987654321 hoặc 0277.3851.234; k@example.vn. Hồ sơ 1022-2026-000123 ngày 05/03/2026.';
    const masked = maskIdentityInText(text, { name: 'Đặng Văn Khiếu' });
    expect(masked).not.to.match(/Khiếu|KHIẾU|987|3851|example/);
    expect(masked).to.contain('xxxx xxx xxx').and.to.contain('1022-2026-000123').and.to.contain('05/03/2026');
  });

  it('clears identity fields, masks free text and event data, and yields nothing new the second time', () => {
    const ticket = {
      citizen,
      subject: 'Gọi 0987654321',
      content: 'Không có số.',
      closure: { note: 'Đã gọi 0987 654 321' },
      events: [{ data: { text: 'ghi chú: k@example.vn' } }, { data: { assignmentNo: 1 } }],
    };
    const set = anonymisedFields(ticket);
    expect(set).to.include({ 'citizen.name': null, 'citizen.phone': null, subject: 'Gọi xxxxxxxxxx' });
    expect(set).to.have.property('events.0.data.text');
    expect(set).not.to.have.property('content');
    expect(set).not.to.have.property('events.1.data.assignmentNo');
    const after = {
      citizen: { name: null },
      subject: set.subject as string,
      content: ticket.content,
      closure: { note: set['closure.note'] as string },
      events: [{ data: { text: set['events.0.data.text'] } }, { data: { assignmentNo: 1 } }],
    };
    const again = anonymisedFields(after);
    expect(Object.keys(again).every((path) => again[path] === null)).to.equal(true);
  });
});

describe('anonymisation of a co-handled ticket', () => {
  it('masks the complainant in the supporting units’ inputs and the note to them', () => {
    const set = anonymisedFields({
      citizen,
      supports: [
        {
          note: 'Liên hệ ông Đặng Văn Khiếu trước.',
          input: { text: 'Đã gọi 0987 654 321, ông Khiếu đồng ý.' },
        },
        { input: null },
      ],
    });
    expect(set['supports.0.note']).to.be.a('string').and.not.to.contain('Đặng Văn Khiếu');
    expect(set['supports.0.input.text']).to.be.a('string').and.not.to.contain('0987 654 321');
    expect(Object.keys(set).filter((path) => path.startsWith('supports.1'))).to.deep.equal([]);
  });
});

describe('retention policy', () => {
  it('ships with 5 years for identities, 2 for attachments, 5 for the access log', () => {
    const shipped = loadPrivacyPolicy(undefined, ['operator', 'chief', 'reviewer', 'admin']);
    const cut = retentionCutoffs(shipped.retention, new Date('2031-04-01T00:00:00Z'));
    expect(cut.anonymiseClosedBefore.toISOString()).to.equal('2026-04-01T00:00:00.000Z');
    expect(cut.deleteAttachmentsClosedBefore.toISOString()).to.equal('2029-04-01T00:00:00.000Z');
    expect(cut.purgeAccessLogBefore.toISOString()).to.equal('2026-04-01T00:00:00.000Z');
    expect(instantBefore(new Date('2031-04-01T00:00:00Z'), { days: 30 }).toISOString()).to.equal(
      '2031-03-02T00:00:00.000Z',
    );
  });

  it('refuses a role id the service does not know', () => {
    expect(() => loadPrivacyPolicy(undefined, ['operator', 'chief'])).to.throw(/unknown role\(s\) reviewer/);
  });
});
