import { expect } from 'chai';
import express from 'express';
import type { Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { startMailCatcher } from '../../tools/mail-catcher/index.js';
import type { CaughtMail, MailCatcher } from '../../tools/mail-catcher/index.js';

const SENDER = 'Tổng đài 1022 <no-reply@example.gov.vn>';
// Long enough to be folded over several encoded-words, with every Vietnamese vowel mark and đ.
const SUBJECT_1 =
  'Phản ánh HL-0001: Đường Nguyễn Huệ ngập nước – cần xử lý gấp; ă â đ ê ô ơ ư À Á Ả Ã Ạ ỳ ý ỷ ỹ ỵ';
const SUBJECT_2 = 'Trả lời phản ánh HL-0002 về lễ hội Nghinh Ông ở Cần Giờ';
const BODY =
  'Kính gửi ông/bà Trần Thị Bích Ngọc,\nSở Văn hoá, Thể thao và Du lịch đã tiếp nhận phản ánh của quý vị.';

/** The error a promise rejects with; fails the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error & { responseCode?: number }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { responseCode?: number };
  }
  throw new Error('expected the promise to reject');
}

describe('mail catcher (nodemailer as the SMTP client)', () => {
  let catcher: MailCatcher;
  let transport: Transporter;

  before(async () => {
    catcher = await startMailCatcher();
    transport = nodemailer.createTransport(catcher.smtpUrl);
  });

  after(async () => {
    transport.close();
    await catcher.stop();
  });

  beforeEach(() => {
    catcher.refuse(false);
    catcher.clear();
  });

  it('listens on a random local port', () => {
    expect(catcher.smtpPort).to.be.greaterThan(0);
    expect(catcher.smtpUrl).to.equal(`smtp://127.0.0.1:${catcher.smtpPort}`);
  });

  it('catches Vietnamese mail exactly as sent and resolves waitFor on arrival', async () => {
    const ids = ['hl-0001.1@hotline.test', 'hl-0002.1@hotline.test'];
    const waiting = catcher.waitFor((m) => ids.includes(m.messageId), { count: 2 });

    await Promise.all([
      transport.sendMail({
        from: SENDER,
        to: 'Trần Thị Bích Ngọc <ngoc@example.vn>',
        cc: 'Phòng Quản lý <phong.ql@example.gov.vn>',
        subject: SUBJECT_1,
        text: BODY,
        html: `<p>${BODY.replace('\n', '<br>')}</p>`,
        messageId: `<${ids[0]}>`,
      }),
      transport.sendMail({
        from: SENDER,
        to: 'ngoc@example.vn, anh@example.vn',
        bcc: 'luu-tru@example.gov.vn',
        subject: SUBJECT_2,
        text: BODY,
        messageId: `<${ids[1]}>`,
      }),
    ]);
    const caught = await waiting;

    expect(caught).to.have.length(2);
    const first = caught.find((m) => m.messageId === ids[0]) as CaughtMail;
    const second = caught.find((m) => m.messageId === ids[1]) as CaughtMail;
    expect(first.subject).to.equal(SUBJECT_1);
    expect(first.subject).to.equal(first.subject.normalize('NFC'));
    expect(first.text.trim()).to.equal(BODY);
    expect(first.html).to.contain('Sở Văn hoá, Thể thao và Du lịch');
    expect(first.from).to.equal('no-reply@example.gov.vn');
    expect(first.headers.from).to.equal('"Tổng đài 1022" <no-reply@example.gov.vn>');
    expect(first.to).to.deep.equal(['ngoc@example.vn']);
    expect(first.cc).to.deep.equal(['phong.ql@example.gov.vn']);
    expect(first.headers['message-id']).to.equal(`<${ids[0]}>`);
    expect(first.receivedAt).to.be.instanceOf(Date);

    expect(second.subject).to.equal(SUBJECT_2);
    expect(second.text.trim()).to.equal(BODY);
    expect(second.html).to.equal('');
    expect(second.to).to.deep.equal(['ngoc@example.vn', 'anh@example.vn']);
    expect(second.envelope.rcptTo).to.have.members([
      'ngoc@example.vn',
      'anh@example.vn',
      'luu-tru@example.gov.vn',
    ]);

    const all = catcher.messages();
    expect(all.map((m) => Number(m.id))).to.deep.equal([Number(all[0]?.id), Number(all[0]?.id) + 1]);
  });

  it('resolves waitFor at once for messages already caught', async () => {
    await transport.sendMail({ from: SENDER, to: 'a@example.vn', subject: 'Đã có sẵn', text: 'x' });
    const [mail] = await catcher.waitFor((m) => m.subject === 'Đã có sẵn', { timeoutMs: 50 });
    expect(mail?.to).to.deep.equal(['a@example.vn']);
  });

  it('counts a resent Message-ID twice', async () => {
    const mail = {
      from: SENDER,
      to: 'ngoc@example.vn',
      subject: 'Nhắc hạn xử lý',
      text: 'Gửi lại',
      messageId: '<resent.1@hotline.test>',
    };
    await transport.sendMail(mail);
    await transport.sendMail(mail);
    await transport.sendMail({ ...mail, messageId: '<other.1@hotline.test>' });

    const counts = catcher.byMessageId();
    expect(counts.get('resent.1@hotline.test')).to.equal(2);
    expect(counts.get('other.1@hotline.test')).to.equal(1);
  });

  it('rejects waitFor on timeout, naming the subjects it did see', async () => {
    await transport.sendMail({ from: SENDER, to: 'a@example.vn', subject: 'Thư khác hẳn', text: 'x' });
    const err = await rejectionOf(
      catcher.waitFor((m) => m.subject === 'Không bao giờ đến', { timeoutMs: 100 }),
    );
    expect(err.message).to.contain('timed out after 100 ms');
    expect(err.message).to.contain('"Thư khác hẳn"');
  });

  it('simulates a temporary outage with 451, then accepts again', async () => {
    catcher.refuse('temporary');
    const mail = { from: SENDER, to: 'ngoc@example.vn', subject: 'Trong lúc sự cố', text: 'x' };
    const err = await rejectionOf(transport.sendMail(mail));
    expect(err.responseCode).to.be.within(400, 499);
    expect(catcher.messages()).to.have.length(0);

    catcher.refuse(false);
    await transport.sendMail(mail);
    expect(catcher.messages().map((m) => m.subject)).to.deep.equal(['Trong lúc sự cố']);
  });

  it('simulates a slow server: the 250 comes only after the delay, and the message is kept', async () => {
    catcher.delay(400);
    try {
      const sending = transport.sendMail({ from: SENDER, to: 'a@example.vn', subject: 'Chậm', text: 'x' });
      let done = false;
      void sending.then(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(done, 'not yet accepted while the server is slow').to.equal(false);
      await sending;
      expect(catcher.messages().map((m) => m.subject)).to.deep.equal(['Chậm']);
    } finally {
      catcher.delay(0);
    }
  });

  it('simulates a permanent rejection with 550', async () => {
    catcher.refuse('permanent');
    const err = await rejectionOf(transport.sendMail({ from: SENDER, to: 'a@example.vn', text: 'x' }));
    expect(err.responseCode).to.equal(550);
    expect(catcher.messages()).to.have.length(0);
  });

  it('survives malformed mail and a client that leaves in the middle of DATA', async () => {
    await abandonMidData(catcher.smtpPort);
    await transport.sendMail({
      envelope: { from: 'x@example.vn', to: ['y@example.vn'] },
      raw: Buffer.concat([
        Buffer.from(
          '__proto__: polluted\r\nSubject: =?bogus?Q?=ZZ?=\r\nContent-Type: multipart/mixed\r\n\r\n',
        ),
        Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0d, 0x0a]),
      ]),
    });
    await transport.sendMail({ from: SENDER, to: 'a@example.vn', subject: 'Vẫn hoạt động', text: 'x' });

    const subjects = catcher.messages().map((m) => m.subject);
    expect(subjects).to.have.length(2);
    expect(subjects[1]).to.equal('Vẫn hoạt động');
    const malformed = catcher.messages()[0] as CaughtMail;
    expect(Object.hasOwn(malformed.headers, '__proto__')).to.equal(true);
    expect(Object.getPrototypeOf(malformed.headers)).to.equal(Object.prototype);
    expect(malformed.envelope).to.deep.equal({ mailFrom: 'x@example.vn', rcptTo: ['y@example.vn'] });
  });

  describe('web view', () => {
    let server: Server;
    let base: string;

    before(async () => {
      const app = express();
      app.use('/dev/mail', catcher.router());
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dev/mail`;
    });

    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('lists subjects HTML-escaped and shows one message with its HTML sandboxed', async () => {
      const subject = '<script>alert("xss")</script> Phản ánh & góp ý';
      const link = 'https://hotline.test/tra-loi/HL-0003?ma=abc&lan=1';
      await transport.sendMail({
        from: SENDER,
        to: 'ngoc@example.vn',
        subject,
        text: `Xem câu trả lời: ${link}`,
        html: `<p>Xem <a href="${link.replace('&', '&amp;')}">câu trả lời</a></p><script>alert(1)</script>`,
      });
      const [mail] = catcher.messages();

      const list = await fetch(`${base}/`);
      expect(list.status).to.equal(200);
      expect(list.headers.get('content-type')).to.match(/^text\/html; charset=utf-8$/i);
      const listHtml = await list.text();
      for (const label of ['Hộp thư thử nghiệm', 'Thời gian', 'Người gửi', 'Người nhận', 'Tiêu đề']) {
        expect(listHtml).to.contain(label);
      }
      expect(listHtml).to.contain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; Phản ánh &amp; góp ý');
      expect(listHtml).not.to.contain('<script');
      expect(listHtml).to.contain(`href="/dev/mail/${mail?.id}"`);

      const detail = await fetch(`${base}/${mail?.id}`);
      expect(detail.status).to.equal(200);
      const detailHtml = await detail.text();
      expect(detailHtml).not.to.contain('<script');
      expect(detailHtml).to.match(/<iframe[^>]*sandbox="allow-popups allow-popups-to-escape-sandbox"/);
      expect(detailHtml).to.contain('srcdoc="&lt;!doctype html&gt;');
      expect(detailHtml).to.contain(`<a href="${link.replace('&', '&amp;')}">`);

      const api = await fetch(`${base}/api/messages`);
      const json = (await api.json()) as Array<{ subject: string }>;
      expect(json.map((m) => m.subject)).to.deep.equal([subject]);

      expect((await fetch(`${base}/999999`)).status).to.equal(404);
    });
  });

  it('stops idempotently and rejects pending waits', async () => {
    const other = await startMailCatcher();
    const pending = rejectionOf(other.waitFor(() => true, { timeoutMs: 5_000 }));
    await Promise.all([other.stop(), other.stop()]);
    expect((await pending).message).to.equal('Mail catcher stopped');
  });
});

/** Opens a raw SMTP session, starts DATA, sends half a message and hangs up. */
async function abandonMidData(port: number): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let received = '';
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  const until = (pattern: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!pattern.test(received)) return;
        socket.off('data', check);
        socket.off('close', reject);
        resolve();
      };
      socket.on('data', check);
      socket.once('close', reject);
      check();
    });

  await until(/^220 /m);
  socket.write('EHLO abandon.test\r\nMAIL FROM:<x@example.vn>\r\nRCPT TO:<y@example.vn>\r\nDATA\r\n');
  await until(/^354 /m);
  socket.write('Subject: Bị bỏ dở\r\n\r\nMột nửa thư');
  await new Promise<void>((resolve) => socket.end(resolve));
  socket.destroy();
}
