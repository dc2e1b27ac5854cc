/** A stage move as the user sees it: moved, sent for approval, or blocked with the server's message. */

import './messages.ts';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import i18n from '../../lib/i18n.ts';
import { moveStage, submitStageApproval } from './api.ts';

export type MoveOutcome = { ok: true; message: string } | { ok: false; message: string; missing?: { field: string; label: string }[] };

export async function moveWithFeedback(id: string, stageId: string, stageName: string): Promise<MoveOutcome> {
  try {
    const res = await moveStage(id, stageId);
    if (!res.approvalRequired) return { ok: true, message: i18n.t('opportunities.moved', { stage: stageName }) };
    try {
      await submitStageApproval(id);
      return { ok: true, message: i18n.t('opportunities.approvalSubmitted', { stage: stageName }) };
    } catch (err) {
      return { ok: false, message: i18n.t('opportunities.approvalNotSubmitted', { stage: stageName, message: errorMessage(err) }) };
    }
  } catch (err) {
    const missing = err instanceof ApiError ? err.detail<{ field: string; label: string }[]>('missing') : undefined;
    return { ok: false, message: errorMessage(err), missing };
  }
}
