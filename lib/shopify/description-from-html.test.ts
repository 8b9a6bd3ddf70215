import { describe, expect, it } from 'vitest';
import { descriptionFromHtml } from './description-from-html';

describe('descriptionFromHtml', () => {
  it('keeps the words as written: headings not uppercased, images skipped, links without URLs', () => {
    expect(descriptionFromHtml('<h2>Care</h2><img src=x alt=y><p>Wash <a href="https://x">cold</a></p>')).toBe(
      'Care\n\nWash cold',
    );
  });

  it('keeps table columns apart and header cells as written', () => {
    const html = '<table><tr><th>Size</th><th>Chest</th></tr><tr><td>S</td><td>90 cm</td></tr></table>';
    expect(descriptionFromHtml(html)).toBe('Size   Chest\nS      90 cm');
  });

  it('decodes entities and drops markup', () => {
    expect(descriptionFromHtml('<p>Soft &amp; <strong>heavy</strong> cotton.</p>')).toBe('Soft & heavy cotton.');
  });

  it('is empty for no description', () => {
    expect(descriptionFromHtml(null)).toBe('');
    expect(descriptionFromHtml('<p></p>')).toBe('');
  });
});
