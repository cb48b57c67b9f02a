import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { parseConfig } from '../../config/env.js';
import { parseRedisUrl } from '../../config/redis-url.js';

describe('configuration', () => {
  it('starts with defaults and an empty environment', () => {
    const config = parseConfig({});
    expect(config).to.include({
      PORT: 3000,
      PUBLIC_BASE_URL: 'http://localhost:3000',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'hotline',
    });
  });

  it('derives the public URL from PORT when it is not given', () => {
    expect(parseConfig({ PORT: '8080' }).PUBLIC_BASE_URL).to.equal('http://localhost:8080');
  });

  it('refuses bad values with one line naming each variable', () => {
    expect(() => parseConfig({ PORT: 'eighty', REDIS_URL: 'http://x' })).to.throw(
      /^Invalid configuration: PORT: .*; REDIS_URL: must be redis:\/\/host:port, redis\+sentinel:\/\//,
    );
  });

  it('reads Sentinel and Cluster addresses from REDIS_URL, and refuses them half-written', () => {
    expect(parseRedisUrl('redis+sentinel://:s%40cret@10.0.0.1:26379,sentinel-2/mymaster/2')).to.deep.equal({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: 'sentinel-2', port: 26379 },
      ],
      masterName: 'mymaster',
      db: 2,
      password: 's@cret',
      tls: false,
    });
    expect(parseRedisUrl('rediss+cluster://app:pw@n1:7000,[::1]:7001')).to.deep.equal({
      kind: 'cluster',
      nodes: [
        { host: 'n1', port: 7000 },
        { host: '::1', port: 7001 },
      ],
      username: 'app',
      password: 'pw',
      tls: true,
    });
    expect(parseRedisUrl('redis://:pw@redis:6379/1')).to.deep.equal({
      kind: 'single',
      url: 'redis://:pw@redis:6379/1',
    });
    expect(() => parseConfig({ REDIS_URL: 'redis+sentinel://s1:26379' })).to.throw(
      /REDIS_URL: .*master name/,
    );
    expect(() => parseConfig({ REDIS_URL: 'redis+cluster://n1:7000/0' })).to.throw(/REDIS_URL: .*no path/);
    expect(() => parseConfig({ REDIS_URL: 'redis+cluster://n1:99999' })).to.throw(
      /REDIS_URL: "n1:99999" is not host:port/,
    );
    expect(() => parseConfig({ REDIS_URL: 'redis+sentinel://:topsecret@s1:bad/m' }))
      .to.throw(Error)
      .that.satisfies((error: Error) => !error.message.includes('topsecret'));
  });

  it('needs a hash-tagged QUEUE_PREFIX on Redis Cluster', () => {
    expect(() => parseConfig({ REDIS_URL: 'redis+cluster://n1:7000' })).to.throw(
      /QUEUE_PREFIX must be a hash tag such as \{hotline\}/,
    );
    expect(
      parseConfig({ REDIS_URL: 'redis+cluster://n1:7000', QUEUE_PREFIX: '{hotline}' }).QUEUE_PREFIX,
    ).to.equal('{hotline}');
  });

  it('refuses to run production on embedded defaults', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).to.throw(
      /MONGODB_URI, SMTP_URL, LINK_SECRET must be set when NODE_ENV=production/,
    );
  });

  it('believes proxies only by hop count or by address, never TRUST_PROXY=true', () => {
    for (const accepted of [
      'false',
      '1',
      '2',
      'loopback',
      '10.0.0.5',
      '10.0.0.5, 10.0.1.0/24',
      'fd00::/8,loopback',
    ])
      expect(parseConfig({ TRUST_PROXY: accepted }).TRUST_PROXY).to.equal(accepted);
    for (const refused of ['true', 'yes', '99', '10.0.0.5/33', 'proxy.example.gov.vn', '10.0.0.5,'])
      expect(() => parseConfig({ TRUST_PROXY: refused }), refused).to.throw(
        /TRUST_PROXY: must be false, a hop count/,
      );
  });

  it('refuses in production the published development LINK_SECRET and secrets under 32 bytes of entropy', () => {
    const production = {
      NODE_ENV: 'production',
      MONGODB_URI: 'mongodb://db:27017/hotline',
      SMTP_URL: 'smtp://relay:25',
    };
    const strong = randomBytes(36).toString('base64url');
    expect(parseConfig({ ...production, LINK_SECRET: strong }).LINK_SECRET).to.equal(strong);
    expect(
      parseConfig({ ...production, LINK_SECRET: randomBytes(32).toString('hex') }).isProduction,
    ).to.equal(true);
    // 64 hex digits with one of the 16 missing (a quarter of random ones) are still 256 bits.
    expect(
      parseConfig({ ...production, LINK_SECRET: '0123456789abcde'.repeat(5).slice(0, 64) }).isProduction,
    ).to.equal(true);
    expect(() =>
      parseConfig({ ...production, LINK_SECRET: 'development-only-link-secret-change-me-0000' }),
    ).to.throw(/LINK_SECRET is the published development value/);
    for (const weak of [
      'a'.repeat(64),
      'abcdefghijklmnopqrstuvwxyzabcdef',
      randomBytes(16).toString('hex'),
      '12345678901234567890123456789012',
    ])
      expect(() => parseConfig({ ...production, LINK_SECRET: weak }), weak).to.throw(
        /LINK_SECRET has about \d+ bits of entropy, needs 256/,
      );
    expect(() =>
      parseConfig({ ...production, LINK_SECRET: strong, METRICS_TOKEN: 'metrics-token-1234' }),
    ).to.throw(/METRICS_TOKEN has about/);
    // Outside production the same values only need their length.
    expect(parseConfig({ LINK_SECRET: 'abcdefghijklmnopqrstuvwxyzabcdef' }).isProduction).to.equal(false);
  });
});
