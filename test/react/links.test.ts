import { describe, expect, it } from 'vitest';
import { safeHref } from '../../src/react/utils/links.ts';

describe('safeHref', () => {
  it.each([
    ['https://relay-crm.example/people/usr_0001', 'https://relay-crm.example/people/usr_0001'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://Example.COM/Path?q=1#top', 'https://example.com/Path?q=1#top'],
    ['mailto:ada@northwind.example', 'mailto:ada@northwind.example'],
    ['MAILTO:ada@northwind.example?subject=Hi', 'mailto:ada@northwind.example?subject=Hi'],
  ])('given %j, gives the parsed href %j', (value, href) => {
    expect(safeHref(value)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'javascript://example.com/%0Aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://files.example.com/report.csv',
    '//evil.example/path',
    '/relative/path',
    'www.example.com',
    'ada@northwind.example',
    'https://',
    'http:example.com',
    'mailto:',
    ' https://example.com',
    '',
  ])('given %j, gives no href', (value) => {
    expect(safeHref(value)).toBeUndefined();
  });

  it.each([[42], [true], [null], [undefined], [{ href: 'https://example.com' }], [['https://example.com']]])(
    'given the non-string %j, gives no href',
    (value) => {
      expect(safeHref(value)).toBeUndefined();
    },
  );
});
