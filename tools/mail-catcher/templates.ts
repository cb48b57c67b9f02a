import nunjucks from 'nunjucks';

// Inline rather than in views/: `npm run build` compiles tools/ to dist/ and would leave .njk files behind.
const TEMPLATES: Record<string, string> = {
  'layout.njk': `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}Hộp thư thử nghiệm{% endblock %}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #1d2329; }
  a { color: #0b5cad; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid #dde2e7; }
  th { background: #f3f5f7; }
  td.time { white-space: nowrap; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  dt { font-weight: 600; }
  dd { margin: 0; }
  iframe { width: 100%; height: 60vh; border: 1px solid #c8ced4; resize: vertical; }
  pre { white-space: pre-wrap; word-break: break-word; background: #f3f5f7; padding: .8rem; }
  .muted { color: #66707a; }
</style>
</head>
<body>
<header><h1><a href="{{ home }}">Hộp thư thử nghiệm</a></h1></header>
<main>{% block content %}{% endblock %}</main>
</body>
</html>
`,

  'list.njk': `{% extends "layout.njk" %}
{% block content %}
<p class="muted">{{ messages | length }} thư. Thư mới nhất ở trên cùng.</p>
{% if messages | length %}
<table>
  <thead><tr><th>Thời gian</th><th>Người gửi</th><th>Người nhận</th><th>Tiêu đề</th></tr></thead>
  <tbody>
  {% for m in messages %}
    <tr>
      <td class="time"><time datetime="{{ m.receivedAt.toISOString() }}">{{ m.receivedAt | vnTime }}</time></td>
      <td>{{ m.headers.from or m.from }}</td>
      <td>{{ m.to | join(", ") }}</td>
      <td><a href="{{ home }}/{{ m.id }}">{{ m.subject or "(không có tiêu đề)" }}</a></td>
    </tr>
  {% endfor %}
  </tbody>
</table>
{% else %}
<p>Chưa có thư nào.</p>
{% endif %}
{% endblock %}
`,

  'message.njk': `{% extends "layout.njk" %}
{% block title %}{{ m.subject or "(không có tiêu đề)" }} – Hộp thư thử nghiệm{% endblock %}
{% block content %}
<p><a href="{{ home }}">← Tất cả thư</a></p>
<h2>{{ m.subject or "(không có tiêu đề)" }}</h2>
<dl>
  <dt>Thời gian</dt><dd><time datetime="{{ m.receivedAt.toISOString() }}">{{ m.receivedAt | vnTime }}</time></dd>
  <dt>Người gửi</dt><dd>{{ m.headers.from or m.from }}</dd>
  <dt>Người nhận</dt><dd>{{ m.headers.to or (m.to | join(", ")) }}</dd>
  {% if m.cc | length %}<dt>Đồng gửi (Cc)</dt><dd>{{ m.headers.cc or (m.cc | join(", ")) }}</dd>{% endif %}
  <dt>Phong bì SMTP</dt><dd>{{ m.envelope.mailFrom }} → {{ m.envelope.rcptTo | join(", ") }}</dd>
  <dt>Message-ID</dt><dd><code>{{ m.messageId }}</code></dd>
</dl>

{% if links | length %}
<h3>Liên kết trong thư</h3>
<ul>{% for link in links %}<li><a href="{{ link }}">{{ link }}</a></li>{% endfor %}</ul>
{% endif %}

{% if m.html %}
<h3>Nội dung HTML</h3>
{# No allow-scripts and no allow-same-origin: the mail's markup gets an opaque origin and cannot run code. #}
<iframe title="Nội dung HTML của thư" sandbox="allow-popups allow-popups-to-escape-sandbox"
  srcdoc="{{ srcdoc }}"></iframe>
{% endif %}

<h3>Nội dung văn bản</h3>
{% if m.text %}<pre>{{ m.text }}</pre>{% else %}<p class="muted">(không có phần văn bản)</p>{% endif %}

<h3>Các trường header</h3>
<table>
  {% for name, value in m.headers %}<tr><th>{{ name }}</th><td>{{ value }}</td></tr>{% endfor %}
</table>
{% endblock %}
`,

  'not-found.njk': `{% extends "layout.njk" %}
{% block content %}<p>Không tìm thấy thư #{{ id }} (có thể đã bị xoá).</p>{% endblock %}
`,
};

const VN_TIME = new Intl.DateTimeFormat('vi-VN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Asia/Ho_Chi_Minh',
});

/** A nunjucks environment over the inline templates, with autoescaping on. */
export function createTemplateEnvironment(): nunjucks.Environment {
  const loader: nunjucks.ILoader = {
    getSource(name) {
      const src = TEMPLATES[name];
      if (src === undefined) throw new Error(`Unknown mail-catcher template ${name}`);
      return { src, path: name, noCache: false };
    },
  };
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  env.addFilter('vnTime', (date: Date) => VN_TIME.format(date));
  return env;
}
