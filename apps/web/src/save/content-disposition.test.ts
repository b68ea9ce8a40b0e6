import { describe, expect, it } from 'vitest';
import { attachmentDisposition, baseName } from './content-disposition.ts';

describe('attachmentDisposition', () => {
  it('keeps a plain ASCII name as it is', () => {
    expect(attachmentDisposition('report.pdf')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
  });
  it('never lets quotes or backslashes escape the quoted fallback', () => {
    const header = attachmentDisposition('a"b\\c.txt');
    expect(header.startsWith('attachment; filename="a_b_c.txt";')).toBe(true);
    expect(header).toContain(`filename*=UTF-8''a%22b%5Cc.txt`);
  });
  it('encodes non-ASCII names exactly in filename*', () => {
    const header = attachmentDisposition('résumé 🐟.txt');
    expect(header).toContain('filename="r_sum_ _.txt"');
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('résumé 🐟.txt');
  });
});

describe('baseName', () => {
  it('takes the last segment of a folder path', () => {
    expect(baseName('photos/2024/a.jpg')).toBe('a.jpg');
    expect(baseName('a.jpg')).toBe('a.jpg');
  });
});
