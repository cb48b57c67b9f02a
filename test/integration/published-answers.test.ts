import { expect } from 'chai';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import { hiddenField, monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

const QUESTION =
  'Tôi là Nguyễn Văn An, nhà số 45 đường Lê Lợi. Bà Tư ở quầy vé thu thêm 20.000 đồng. Gọi lại cho tôi: 0912 345 678, email an.nguyen@gmail.com, CCCD 079123456789.';
const ANSWER =
  'Phòng đã làm việc với Ban quản lý di tích; bà Tư đã hoàn trả tiền cho ông Nguyễn Văn An (0912 345 678). Từ nay vé niêm yết công khai.';

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function textarea(html: string, id: string): string {
  const match = new RegExp(`<textarea id="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  if (!match) throw new Error(`no textarea ${id}`);
  return unescapeHtml(match[1]!);
}

describe('published answers: the Office Chief publishes without personal data, citizens read /cong-khai', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let url: string;
  let chief: MonitorStaff;
  let code: string;
  let ticketId: string;

  before(async () => {
    pipeline = await startPipeline('published', { http: true, workers: false });
    url = pipeline.service.url!;
    chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief@published.test');
    const seeded = await seedAssignedTicket(pipeline.config.LINK_SECRET, {
      unitCode: 'QLDS',
      fields: {
        category: 'heritage',
        subject: 'Thu tiền vé sai quy định tại di tích',
        content: QUESTION,
        status: 'answered',
        answer: {
          text: ANSWER,
          responderName: 'Lê Thị Mai',
          responderPosition: 'Phó Trưởng phòng',
          answeredAt: new Date(),
          assignmentNo: 1,
          unitCode: 'QLDS',
          onTime: true,
        },
      },
    });
    code = seeded.code;
    ticketId = seeded.ticketId;
  });
  after(async () => {
    await pipeline?.stop();
  });

  it('shows the chief what was removed before anything goes out, and publishes neither the name nor the phone', async () => {
    const before = await monitorFetch(url, '/cong-khai');
    expect(before.status).to.equal(200);
    expect(before.text).to.contain('0 bài đã công khai');

    const preview = await monitorFetch(url, `/monitor/tickets/${code}/publication`, { cookie: chief.cookie });
    expect(preview.status).to.equal(200);
    for (const removed of ['Nguyễn Văn An', '0912 345 678', 'an.nguyen@gmail.com', '079123456789', 'Tư']) {
      expect(preview.text, `preview lists ${removed} as removed`).to.contain(`<del>${removed}</del>`);
    }
    const question = textarea(preview.text, 'publish-question');
    const answer = textarea(preview.text, 'publish-answer');
    for (const personal of ['Nguyễn Văn An', '0912', 'gmail', '079123456789', 'Bà Tư', 'số 45']) {
      expect(question, personal).not.to.contain(personal);
    }
    expect(answer).not.to.contain('0912').and.not.to.contain('Nguyễn Văn An');
    expect(answer).to.contain('Từ nay vé niêm yết công khai.');

    // The chief typed a phone number back in: it is taken out on the way in as well.
    const published = await monitorFetch(url, `/monitor/tickets/${code}/publish`, {
      cookie: chief.cookie,
      form: {
        _csrf: hiddenField(preview.text, '/publish', '_csrf'),
        formId: hiddenField(preview.text, '/publish', 'formId'),
        question,
        answer: `${answer}\nLiên hệ 0987 654 321 nếu cần.`,
      },
    });
    expect(published.status).to.equal(303);
    expect(published.headers.get('location')).to.equal(`/monitor/tickets/${code}?done=publish`);

    const page = await monitorFetch(url, '/cong-khai');
    expect(page.text).to.contain('1 bài đã công khai');
    expect(page.text).to.contain('Từ nay vé niêm yết công khai.');
    expect(page.text).to.contain('Phòng Quản lý Di sản');
    expect(page.text).to.contain('Sở Văn hóa, Thể thao và Du lịch tỉnh Đồng Tháp');
    for (const personal of [
      'Nguyễn Văn An',
      '0912',
      '0987',
      'gmail',
      '079123456789',
      'Lê Thị Mai',
      'Bà Tư',
    ]) {
      expect(page.text, personal).not.to.contain(personal);
    }
    const filtered = await monitorFetch(url, '/cong-khai?category=library');
    expect(filtered.text).to.contain('0 bài đã công khai');
    const wrongFilter = await monitorFetch(url, '/cong-khai?month=2026-13&page=-4&category[$ne]=x');
    expect(wrongFilter.status).to.equal(200);
  });

  it('takes the answer down again with a reason, recorded as an event, and the same form twice does it once', async () => {
    const ticketPage = await monitorFetch(url, `/monitor/tickets/${code}`, { cookie: chief.cookie });
    expect(ticketPage.text).to.contain('Đã công khai lúc');
    const form = {
      _csrf: hiddenField(ticketPage.text, '/withdraw', '_csrf'),
      formId: hiddenField(ticketPage.text, '/withdraw', 'formId'),
      reason: 'Người phản ánh đề nghị không đăng.',
    };
    const first = await monitorFetch(url, `/monitor/tickets/${code}/withdraw`, {
      cookie: chief.cookie,
      form,
    });
    const second = await monitorFetch(url, `/monitor/tickets/${code}/withdraw`, {
      cookie: chief.cookie,
      form,
    });
    expect([first.status, second.status]).to.deep.equal([303, 303]);

    expect((await monitorFetch(url, '/cong-khai')).text).to.contain('0 bài đã công khai');
    const ticket = await Ticket.findById(ticketId).lean();
    expect(ticket?.publication?.status).to.equal('withdrawn');
    const types = (ticket?.events ?? []).map((event) => event.type);
    expect(types.filter((type) => type === 'published')).to.have.length(1);
    expect(types.filter((type) => type === 'publication_withdrawn')).to.have.length(1);
    const after = await monitorFetch(url, `/monitor/tickets/${code}`, { cookie: chief.cookie });
    expect(after.text).to.contain('Gỡ bài đã công khai').and.to.contain('Người phản ánh đề nghị không đăng.');
  });

  it('refuses to publish a ticket the unit has not answered, and lets no operator publish', async () => {
    const unanswered = await seedAssignedTicket(pipeline.config.LINK_SECRET);
    const preview = await monitorFetch(url, `/monitor/tickets/${unanswered.code}/publication`, {
      cookie: chief.cookie,
    });
    expect(preview.text).to.contain('chưa có trả lời của đơn vị');
    const csrfPage = await monitorFetch(url, `/monitor/tickets/${unanswered.code}`, { cookie: chief.cookie });
    const refused = await monitorFetch(url, `/monitor/tickets/${unanswered.code}/publish`, {
      cookie: chief.cookie,
      form: {
        _csrf: hiddenField(csrfPage.text, '/note', '_csrf'),
        formId: 'abcdefghijklmnopqrstuv',
        question: 'Câu hỏi',
        answer: 'Trả lời',
      },
    });
    expect(refused.status).to.equal(409);
    expect((await Ticket.findById(unanswered.ticketId).lean())?.publication?.status).to.equal(undefined);

    const operator = await monitorStaff('operator', 'Nguyễn Thị Lan', 'operator@published.test');
    const forbidden = await monitorFetch(url, `/monitor/tickets/${code}/publication`, {
      cookie: operator.cookie,
    });
    expect(forbidden.status, 'an operator has no dashboard session').to.not.equal(200);
    expect(forbidden.text).not.to.contain('Xem trước bản công khai');
  });
});
