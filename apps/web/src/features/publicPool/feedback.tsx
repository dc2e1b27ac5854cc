/** How pool actions answer the user: our wording for the pool's error codes, partial results listed by name. */
import { Flex, Typography, type App } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { MoveResult } from './api.ts';

const OWN = ['ALREADY_CLAIMED', 'DAILY_CLAIM_LIMIT', 'RECLAIM_COOLDOWN', 'NOT_OWNED', 'LOCKED', 'NO_POOL', 'POOL_NOT_EMPTY'];

export function poolErrorMessage(err: unknown, t: TFunction): string {
  if (!(err instanceof ApiError)) return errorMessage(err);
  if (err.code === 'OWNERSHIP_CAP') {
    const d = { name: err.detail<string>('departmentName') ?? err.detail<string>('userName') ?? '', count: err.detail<number>('count'), limit: err.detail<number>('limit') };
    return t(err.detail<string>('cap') === 'maxLocked' ? 'publicPool.errors.OWNERSHIP_CAP_LOCKED' : 'publicPool.errors.OWNERSHIP_CAP', d);
  }
  if (OWN.includes(err.code)) return t(`publicPool.errors.${err.code}` as 'publicPool.errors.ALREADY_CLAIMED', { limit: err.detail('limit'), remaining: err.detail('remaining') });
  return errorMessage(err);
}

/** Success toast, or a dialog listing what did not move (by name) with the reason. */
export function reportMove(app: Pick<ReturnType<typeof App.useApp>, 'message' | 'modal'>, t: TFunction, r: MoveResult, success: string, nameOf: (id: string) => string): void {
  if (r.failed.length === 0) {
    app.message.success(success);
    return;
  }
  const reason = (f: MoveResult['failed'][number]) => (OWN.includes(f.code) ? t(`publicPool.errors.${f.code}` as 'publicPool.errors.ALREADY_CLAIMED') : f.message);
  app.modal.warning({
    title: t('publicPool.partial', { ok: r.ok.length, failed: r.failed.length }),
    content: (
      <Flex vertical gap={4} data-testid="pool-failures">
        <Typography.Text type="secondary">{t('publicPool.failedTitle')}</Typography.Text>
        {r.failed.map((f) => <Typography.Text key={f.id}>{nameOf(f.id)}: {reason(f)}</Typography.Text>)}
      </Flex>
    ),
  });
}
