import { z } from 'zod';
import { normalizePhoneNumber } from './phone.ts';

/** Mainland mobile numbers: 11 digits starting with 1 (an optional +86 prefix is stripped by normalizeMobile). */
export const mobileSchema = z
  .string()
  .trim()
  .regex(/^(\+?86)?1\d{10}$/, 'mobile must be an 11-digit mainland number');

export const passwordSchema = z
  .string()
  .min(8, 'password must be at least 8 characters')
  .max(128, 'password must be at most 128 characters');

export const emailSchema = z.string().trim().toLowerCase().email('invalid email').max(254);

export const signupInput = z
  .object({
    organizationName: z.string().trim().min(2).max(100),
    name: z.string().trim().min(1).max(60),
    email: emailSchema,
    mobile: mobileSchema.optional(),
    password: passwordSchema,
    locale: z.enum(['zh-CN', 'en']).optional(),
    timeZone: z.string().max(64).optional(),
  })
  .strict();
export type SignupInput = z.infer<typeof signupInput>;

export const loginInput = z
  .object({
    /** email or mobile */
    identifier: z.string().trim().min(3).max(254),
    password: z.string().min(1).max(128),
    /** needed only when the same email/mobile belongs to several organizations */
    tenantSlug: z.string().trim().max(64).optional(),
  })
  .strict();
export type LoginInput = z.infer<typeof loginInput>;

export const forgotPasswordInput = z.object({ identifier: z.string().trim().min(3).max(254) }).strict();
export const resetPasswordInput = z.object({ token: z.string().min(20).max(200), password: passwordSchema }).strict();

export const acceptInvitationInput = z
  .object({
    token: z.string().min(20).max(200),
    name: z.string().trim().min(1).max(60),
    mobile: mobileSchema.optional(),
    password: passwordSchema,
  })
  .strict();

export const inviteUserInput = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1).max(60).optional(),
    departmentId: z.string().uuid().optional(),
    managerId: z.string().uuid().optional(),
    roleIds: z.array(z.string().uuid()).max(20).optional(),
  })
  .strict();

/**
 * The stored form of a user's mobile: the one phone normaliser (phone.ts) where it recognises the
 * number ('+86 138-0013-8000' → '13800138000'), else the old trim-and-strip-86 rule.
 */
export function normalizeMobile(mobile: string): string {
  return normalizePhoneNumber(mobile) ?? mobile.trim().replace(/^\+?86/, '');
}

export const SESSION_COOKIE = 'll_session';
export const CSRF_COOKIE = 'll_csrf';
export const CSRF_HEADER = 'x-csrf-token';
