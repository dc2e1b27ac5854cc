/**
 * Form helpers that tie antd forms to the server's error contract.
 * Field errors from a 400 VALIDATION_FAILED land next to their inputs; anything else becomes one message
 * shown above the form. Values are never reset on error, so the user never retypes anything.
 */
import { useState } from 'react';
import { Alert, Form, type FormInstance } from 'antd';
import { ApiError } from './api.ts';
import { errorMessage } from './errors.ts';

/** Server paths may be "email", "roleIds.0" or "/email": the form field is the first segment. */
function topField(path: string): string {
  return path.replace(/^\//, '').split(/[./[]/)[0] ?? path;
}

/** Puts field errors on the form; returns what could not be placed next to a field (or null). */
export function applyServerErrors(form: FormInstance, err: unknown): string | null {
  if (!(err instanceof ApiError) || Object.keys(err.fieldErrors).length === 0) return errorMessage(err);
  // getFieldsValue() lists every field rendered in the form, filled or not.
  const registered = new Set(Object.keys((form.getFieldsValue() as Record<string, unknown> | undefined) ?? {}));
  const placed = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(err.fieldErrors)) {
    const name = registered.has(path) ? path : topField(path);
    if (registered.has(name)) placed.set(name, [...(placed.get(name) ?? []), message]);
    else unplaced.push(path ? `${path}: ${message}` : message);
  }
  form.setFields([...placed].map(([name, errors]) => ({ name, errors })));
  const first = placed.keys().next();
  if (!first.done) form.scrollToField(first.value, { block: 'center' });
  if (unplaced.length) return unplaced.join('; ');
  return placed.size ? null : errorMessage(err);
}

export interface ServerFormOptions<R, V> {
  onSuccess?: (result: R, values: V) => void | Promise<void>;
  /** Return a message (or null for "handled, show nothing") to take over; undefined keeps the default. */
  onError?: (err: unknown, values: V) => string | null | undefined;
}

export function useServerForm<V, R = unknown>(submit: (values: V) => Promise<R>, options: ServerFormOptions<R, V> = {}) {
  const [form] = Form.useForm<V>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (values: V) => {
    setSubmitting(true);
    setError(null);
    try {
      const result = await submit(values);
      await options.onSuccess?.(result, values);
    } catch (err) {
      const custom = options.onError?.(err, values);
      setError(custom !== undefined ? custom : applyServerErrors(form as FormInstance, err));
    } finally {
      setSubmitting(false);
    }
  };

  return { form, onFinish, submitting, error, setError };
}

/** The form-level message slot; renders nothing when there is no error. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />;
}

/**
 * Trims strings and drops empty ones: optional inputs left blank must not be sent as "" (the server's
 * schemas are strict). Passwords are sent exactly as typed — a space can be part of one.
 */
export function compact<T extends object>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const v = typeof value === 'string' && !/password/i.test(key) ? value.trim() : value;
    if (v === '' || v === undefined || v === null) continue;
    out[key] = v;
  }
  return out as T;
}
