import { describe, expect, it, vi } from 'vitest';
import type { FormInstance } from 'antd';
import { ApiError } from './api.ts';
import { applyServerErrors, compact } from './forms.tsx';
import './i18n.ts';

function fakeForm(fields: string[]) {
  return {
    getFieldsValue: () => Object.fromEntries(fields.map((f) => [f, undefined])),
    setFields: vi.fn(),
    scrollToField: vi.fn(),
  };
}

const validation = (fields: { field: string; message: string }[]) =>
  new ApiError(400, 'VALIDATION_FAILED', 'invalid', { fields });

describe('applyServerErrors', () => {
  it('puts each field error next to its field and reports nothing else', () => {
    const form = fakeForm(['email', 'roleIds']);
    const rest = applyServerErrors(form as unknown as FormInstance, validation([
      { field: 'email', message: 'taken' },
      { field: 'roleIds.0', message: 'unknown role' },
    ]));
    expect(rest).toBeNull();
    expect(form.setFields).toHaveBeenCalledWith([{ name: 'email', errors: ['taken'] }, { name: 'roleIds', errors: ['unknown role'] }]);
  });

  it('returns errors for fields the form does not show', () => {
    const form = fakeForm(['password']);
    const rest = applyServerErrors(form as unknown as FormInstance, validation([{ field: 'token', message: 'too short' }]));
    expect(rest).toBe('token: too short');
  });

  it('returns a message for non-field errors', () => {
    const form = fakeForm(['identifier']);
    const rest = applyServerErrors(form as unknown as FormInstance, new ApiError(401, 'INVALID_CREDENTIALS', 'bad'));
    expect(rest).toBeTruthy();
    expect(form.setFields).not.toHaveBeenCalled();
  });
});

describe('compact', () => {
  it('trims text, drops blanks and leaves passwords exactly as typed', () => {
    expect(compact({ name: ' Li ', mobile: '  ', password: ' secret ', tags: ['a'] })).toEqual({ name: 'Li', password: ' secret ', tags: ['a'] });
  });
});
