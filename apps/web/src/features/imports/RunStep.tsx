import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex, Popconfirm, Progress as Bar, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { abortRun, percent, watchProgress, type Progress } from './api.ts';

const POLL_MS = 400;
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** Step 4: the progress bar, fed by the watch-token poll until the job has finished. */
export function RunStep({ id, token, total, onFinished }: { id: string; token: string; total: number; onFinished: (p: Progress) => void }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const p = await watchProgress(id, token, stop.signal);
        setProgress(p);
        setError(null);
        if (FINISHED.has(p.status)) {
          // let people see the bar full before the result replaces it
          timer = setTimeout(() => finished.current(p), p.status === 'completed' ? 600 : 0);
          return;
        }
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        setError(errorMessage(err));
      }
      timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stop.abort();
      clearTimeout(timer);
    };
  }, [id, token]);

  const p = progress?.progress ?? { done: 0, total };
  const value = progress?.status === 'completed' ? 100 : progress?.status === 'running' || progress?.status === 'queued' ? Math.min(99, percent(p)) : percent(p);
  const cancel = async () => {
    setCancelling(true);
    try {
      await abortRun(id, token);
    } catch (err) {
      setError(errorMessage(err));
      setCancelling(false);
    }
  };

  return (
    <Flex vertical gap={16} align="stretch" style={{ padding: '24px 0' }}>
      <Bar percent={value} status={progress?.status === 'failed' || progress?.status === 'cancelled' ? 'exception' : progress?.status === 'completed' ? 'success' : 'active'}
        data-testid="import-progress" aria-valuenow={value} />
      <Typography.Text data-testid="import-progress-text">
        {!progress || progress.status === 'queued' ? t('imports.run.queued') : t('imports.run.running', { done: p.done, total: p.total })}
      </Typography.Text>
      {error && <Alert type="warning" showIcon title={error} />}
      <Flex justify="flex-end">
        <Popconfirm title={t('imports.run.cancelConfirm')} onConfirm={() => void cancel()} disabled={cancelling || progress?.status === 'completed'}>
          <Button danger loading={cancelling} disabled={progress?.status === 'completed'} data-testid="import-cancel">
            {cancelling ? t('imports.run.cancelling') : t('imports.run.cancel')}
          </Button>
        </Popconfirm>
      </Flex>
    </Flex>
  );
}
