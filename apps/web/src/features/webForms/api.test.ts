import { describe, expect, it } from 'vitest';
import { addField, embedCode, formUrl, moveItem, type CatalogField } from './api.ts';

describe('web form links', () => {
  const form = { path: '/f/AbC123xyz/contact', publicUrl: null, title: '联系我们 "A&B" <b>' };

  it('uses the public address when the server knows it, else this origin', () => {
    expect(formUrl(form, 'https://crm.example.com/')).toBe('https://crm.example.com/f/AbC123xyz/contact');
    expect(formUrl({ ...form, publicUrl: 'https://forms.example.com/f/AbC123xyz/contact' }, 'http://localhost:5173')).toBe('https://forms.example.com/f/AbC123xyz/contact');
  });

  it('builds an iframe plus the resize script, with the title escaped', () => {
    const code = embedCode(form, 'https://crm.example.com');
    expect(code).toBe(
      '<iframe src="https://crm.example.com/f/AbC123xyz/contact?embed=1" data-loopline-form title="联系我们 &quot;A&amp;B&quot; &lt;b&gt;" style="width:100%;height:640px;border:0" loading="lazy"></iframe>\n'
      + '<script src="https://crm.example.com/f/embed.js" async></script>',
    );
  });
});

describe('field list editing', () => {
  const name: CatalogField = { key: 'name', label: '姓名', labelEn: 'Name', input: 'text', source: 'standard', requiredOnLead: true };
  const email: CatalogField = { key: 'email', label: '邮箱', labelEn: 'Email', input: 'email', source: 'standard', requiredOnLead: false };

  it('adds a field once, required when every lead needs it', () => {
    const one = addField([], name);
    expect(one).toEqual([{ key: 'name', label: null, required: true, help: null }]);
    const two = addField(one, email);
    expect(two[1]).toEqual({ key: 'email', label: null, required: false, help: null });
    expect(addField(two, email)).toBe(two);
  });

  it('moves items and ignores moves out of range', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    const same = ['a'];
    expect(moveItem(same, 0, 1)).toBe(same);
  });
});
