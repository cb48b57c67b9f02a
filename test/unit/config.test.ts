import { expect } from 'chai';
import { parseConfig } from '../../config/env.js';

describe('configuration', () => {
  it('starts with defaults and an empty environment', () => {
    const config = parseConfig({});
    expect(config).to.include({ PORT: 3000, PUBLIC_BASE_URL: 'http://localhost:3000', REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: 'hotline' });
  });

  it('derives the public URL from PORT when it is not given', () => {
    expect(parseConfig({ PORT: '8080' }).PUBLIC_BASE_URL).to.equal('http://localhost:8080');
  });

  it('refuses bad values with one line naming each variable', () => {
    expect(() => parseConfig({ PORT: 'eighty', REDIS_URL: 'http://x' })).to.throw(/^Invalid configuration: PORT: .*; REDIS_URL: must start with redis:\/\//);
  });

  it('refuses to run production on embedded defaults', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).to.throw(/MONGODB_URI, SMTP_URL, LINK_SECRET must be set when NODE_ENV=production/);
  });
});
