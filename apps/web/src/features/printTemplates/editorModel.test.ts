import { describe, expect, it } from 'vitest';
import { checkTemplate } from '@loopline/shared';
import { insertAt, linesTableSnippet, offsetOf, placeholder } from './editorModel.ts';

describe('template editor model', () => {
  it('inserts at the caret or over a selection', () => {
    expect(insertAt('<p></p>', 3, 3, placeholder('number'))).toEqual({ text: '<p>{{number}}</p>', caret: 13 });
    expect(insertAt('<p>old</p>', 3, 6, '{{x}}')).toEqual({ text: '<p>{{x}}</p>', caret: 8 });
    expect(insertAt('ab', 99, 99, 'c')).toEqual({ text: 'abc', caret: 3 });
  });

  it('finds the offset of a problem’s line and column', () => {
    const text = 'line one\n<p>{{nope}}</p>\nend';
    const [problem] = checkTemplate(text, { fields: [], lineColumns: [] });
    expect(problem).toMatchObject({ line: 2, column: 4 });
    expect(offsetOf(text, problem!.line, problem!.column)).toBe(problem!.offset);
    expect(offsetOf(text, 9, 1)).toBe(text.length);
    expect(offsetOf(text, 1, 99)).toBe(8);
  });

  it('builds a line table that the template language accepts', () => {
    const snippet = linesTableSnippet([{ key: 'index', label: '序号' }, { key: 'productName', label: '产品' }]);
    expect(checkTemplate(snippet, { fields: [], lineColumns: ['productName'] })).toEqual([]);
    expect(snippet).toContain('<td>{{productName}}</td>');
  });
});
