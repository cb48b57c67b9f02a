/** A browser-like client of one answer page: keeps its own cookie and the form fields of the last page. */
export class AnswerPageClient {
  private cookie = '';
  csrf = '';
  formId = '';
  html = '';

  constructor(
    private readonly baseUrl: string,
    readonly token: string,
  ) {}

  get path(): string {
    return `/answer/${this.token}`;
  }

  /** Opens the page; remembers the CSRF field, the form id and the cookie. */
  async open(path = this.path): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: this.headers(), redirect: 'manual' });
    this.remember(response);
    this.html = await response.text();
    this.csrf = /name="csrf" value="([^"]+)"/.exec(this.html)?.[1] ?? '';
    this.formId = /name="formId" value="([^"]+)"/.exec(this.html)?.[1] ?? '';
    return response;
  }

  /** Sends a url-encoded form (transfer, extension) with the page's CSRF field and form id unless overridden. */
  async postForm(
    action: string,
    fields: Record<string, string>,
    options: { withGuard?: boolean } = {},
  ): Promise<Response> {
    const body = new URLSearchParams(
      options.withGuard === false ? fields : { csrf: this.csrf, formId: this.formId, ...fields },
    );
    return fetch(`${this.baseUrl}${this.path}/${action}`, {
      method: 'POST',
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
  }

  /** Sends the answer form (multipart) with optional files. */
  async postAnswer(
    fields: Record<string, string>,
    files: Array<{ name: string; bytes: Uint8Array; type?: string }> = [],
    options: { withGuard?: boolean } = {},
  ): Promise<Response> {
    const form = new FormData();
    const all = options.withGuard === false ? fields : { csrf: this.csrf, formId: this.formId, ...fields };
    for (const [key, value] of Object.entries(all)) form.append(key, value);
    for (const file of files) {
      form.append(
        'attachments',
        new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }),
        file.name,
      );
    }
    // As the page's form does: the guard also travels in the action's query, checked before the upload is read.
    const query = options.withGuard === false ? '' : `?csrf=${encodeURIComponent(this.csrf)}`;
    return fetch(`${this.baseUrl}${this.path}/answer${query}`, {
      method: 'POST',
      headers: this.headers(),
      body: form,
      redirect: 'manual',
    });
  }

  /** The `Cookie` header this browser would send (for hand-made requests). */
  get cookieHeader(): string {
    return this.cookie;
  }

  withoutCookie(): this {
    this.cookie = '';
    return this;
  }

  private headers(): Record<string, string> {
    return { accept: 'text/html', ...(this.cookie ? { cookie: this.cookie } : {}) };
  }

  private remember(response: Response): void {
    const set = response.headers.getSetCookie?.() ?? [];
    for (const line of set) {
      const pair = line.split(';')[0];
      if (pair) this.cookie = pair;
    }
  }
}

/** Bytes that start like each file type. */
export const PNG_BYTES = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
export const PDF_BYTES = new TextEncoder().encode(
  '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n',
);
