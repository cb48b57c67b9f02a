/** A browser-like client of one supporting unit's page (co-handling): its own cookie and form fields. */
export class SupportPageClient {
  private cookie = '';
  csrf = '';
  formId = '';
  html = '';

  constructor(
    private readonly baseUrl: string,
    readonly token: string,
  ) {}

  get path(): string {
    return `/answer/support/${this.token}`;
  }

  /** Opens the page; remembers the CSRF field, the form id and the cookie. */
  async open(): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${this.path}`, {
      headers: this.headers(),
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie?.() ?? []) {
      const pair = line.split(';')[0];
      if (pair) this.cookie = pair;
    }
    this.html = await response.text();
    this.csrf = /name="csrf" value="([^"]+)"/.exec(this.html)?.[1] ?? '';
    this.formId = /name="formId" value="([^"]+)"/.exec(this.html)?.[1] ?? '';
    return response;
  }

  /** Sends the input form (multipart) as the page does, with optional files. */
  async postInput(
    fields: Record<string, string>,
    files: Array<{ name: string; bytes: Uint8Array; type?: string }> = [],
  ): Promise<Response> {
    const form = new FormData();
    for (const [key, value] of Object.entries({ csrf: this.csrf, formId: this.formId, ...fields }))
      form.append(key, value);
    for (const file of files)
      form.append(
        'attachments',
        new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/pdf' }),
        file.name,
      );
    return fetch(`${this.baseUrl}${this.path}/input?csrf=${encodeURIComponent(this.csrf)}`, {
      method: 'POST',
      headers: this.headers(),
      body: form,
      redirect: 'manual',
    });
  }

  private headers(): Record<string, string> {
    return { accept: 'text/html', ...(this.cookie ? { cookie: this.cookie } : {}) };
  }
}

/** The supporting link's token in an e-mail's text. */
export const SUPPORT_LINK = /\/answer\/support\/([A-Za-z0-9_-]{43})/;
