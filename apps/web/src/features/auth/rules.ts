/**
 * Client-side checks built from the same zod schemas the server validates with (@loopline/shared),
 * so the browser and the API never disagree about what a valid mobile or password is.
 */
import type { FormRule as Rule } from 'antd';
import { emailSchema, mobileSchema, passwordSchema } from '@loopline/shared';
import i18n from '../../lib/i18n.ts';

type Schema = { safeParse: (value: unknown) => { success: boolean } };

function schemaRule(schema: Schema, message: () => string, optional = false): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (optional && (value === undefined || value === null || value === '')) return;
      if (!schema.safeParse(value).success) throw new Error(message());
    },
  };
}

export const rules = {
  required: (field: string): Rule => ({ required: true, whitespace: true, message: i18n.t('auth.required', { field }) }),
  email: (): Rule => schemaRule(emailSchema, () => i18n.t('auth.emailInvalid')),
  mobile: (): Rule => schemaRule(mobileSchema, () => i18n.t('auth.mobileInvalid'), true),
  password: (): Rule => schemaRule(passwordSchema, () => i18n.t('auth.passwordHint')),
  /** "Confirm password" must equal the field named `field`. */
  sameAs: (field: string): Rule => ({ getFieldValue }) => ({
    validator: async (_rule, value: unknown) => {
      if (value && value !== getFieldValue(field)) throw new Error(i18n.t('auth.passwordMismatch'));
    },
  }),
};
