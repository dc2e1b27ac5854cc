/** `{{record.name}}`, `{{customer.grade}}`, `{{triggerUser.name}}`, `{{now+3d|date}}` … Pure. */
import type { NodeInput } from './types.ts';

// PLACEHOLDER: engine owner implements.
export function renderTemplate(text: string, _input: NodeInput): string {
  return text;
}

/** Every `{{path}}` in a template (validation checks each exists). */
export function templatePaths(_text: string): string[] {
  return [];
}
