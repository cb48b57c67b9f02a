import { expect } from 'chai';
import { cleanMultilineText, cleanSingleLineText } from '../../shared/text/clean-text.js';

// The chain of `replace` calls the cleaners were before they became one scan (issue 14): the
// single-pass versions must give exactly the same text for every input.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const referenceMultiline = (value: string): string =>
  value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL_CHARACTERS, '')
    .replace(/(?<![ \t])[ \t]+$/gm, '')
    .trim();
const referenceSingleLine = (value: string): string =>
  value
    .normalize('NFC')
    .replace(CONTROL_CHARACTERS, '')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Characters every rule of the cleaners cares about, and a few it must leave alone. */
const ALPHABET = [
  'a',
  'Z',
  'ư',
  'ớ',
  'e\u0301',
  'o\u031B\u0300',
  '\u0301',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\v',
  '\f',
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u00a0',
  '\u00ad',
  '\u1680',
  '\u2003',
  '\u200b',
  '\u200d',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\u3000',
  '\ufeff',
  '😀',
  '\u{E0041}',
  '\u{1D173}',
  '\ud800',
  '\udc00',
  '.',
  '$',
];

/** A small deterministic generator, so a failure reproduces. */
function randomStrings(count: number, seed: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: next() % 24 }, () => ALPHABET[next() % ALPHABET.length]).join(''),
  );
}

describe('text cleaning', () => {
  describe('cleanMultilineText', () => {
    it('unifies line ends, removes controls and the blanks before each line end, and trims', () => {
      expect(cleanMultilineText('  Dòng một \t\r\nDòng\u0007 hai  \rba\u0000 \n\n ')).to.equal(
        'Dòng một\nDòng hai\nba',
      );
    });

    it('keeps tabs and spaces inside a line and format characters in prose', () => {
      expect(cleanMultilineText('a\t b\u200bc')).to.equal('a\t b\u200bc');
    });

    it('composes NFD into NFC', () => {
      expect(cleanMultilineText('Tha\u0301p')).to.equal('Tháp');
    });

    it('cleans one character, 63,000 spaces and one character to the two lines', () => {
      expect(cleanMultilineText(`a${' '.repeat(63_000)}\nb`)).to.equal('a\nb');
    });

    it('gives what the former replace chain gave, for 5,000 mixed strings', () => {
      for (const input of randomStrings(5000, 14)) {
        expect(cleanMultilineText(input), JSON.stringify(input)).to.equal(referenceMultiline(input));
      }
    });
  });

  describe('cleanSingleLineText', () => {
    it('collapses every whitespace run to one space and trims', () => {
      expect(cleanSingleLineText('  Võ \t Thị\n\nHồng  ')).to.equal('Võ Thị Hồng');
    });

    it('removes format characters, so a right-to-left override cannot disguise a filename', () => {
      expect(cleanSingleLineText('anh\u202Egpj.exe')).to.equal('anhgpj.exe');
      expect(cleanSingleLineText('a\u200b b\u{E0041}c')).to.equal('a bc');
    });

    it('keeps emoji and other characters outside the BMP', () => {
      expect(cleanSingleLineText(' 😀 Gò Tháp ')).to.equal('😀 Gò Tháp');
    });

    it('gives what the former replace chain gave, for 5,000 mixed strings', () => {
      for (const input of randomStrings(5000, 16)) {
        expect(cleanSingleLineText(input), JSON.stringify(input)).to.equal(referenceSingleLine(input));
      }
    });
  });
});
