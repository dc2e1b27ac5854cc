import { useState } from 'react';
import { Button, Drawer, Steps, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { importKeys, startRun, validate, type DuplicatePolicy, type ImportRecordType, type Mapping, type Progress, type Uploaded, type Validated } from './api.ts';
import { ImportResult } from './ImportResult.tsx';
import { MappingStep } from './MappingStep.tsx';
import { PreviewStep } from './PreviewStep.tsx';
import { RunStep } from './RunStep.tsx';
import { UploadStep } from './UploadStep.tsx';

const STEPS = ['upload', 'map', 'preview', 'run', 'result'] as const;
type Step = (typeof STEPS)[number];

interface Props {
  recordType: ImportRecordType;
  open: boolean;
  onClose: () => void;
  /** records were written: refresh the lists */
  onImported: () => void;
}

/**
 * Upload → map columns → preview (with the duplicate policy) → run with a progress bar → result.
 * Closing the drawer while an import runs does not stop it; its history page shows how it ended.
 */
export function ImportWizard({ recordType, open, onClose, onImported }: Props) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>('upload');
  const [uploaded, setUploaded] = useState<Uploaded | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [policy, setPolicy] = useState<DuplicatePolicy>('skip');
  const [validated, setValidated] = useState<Validated | null>(null);
  const [run, setRun] = useState<{ id: string; token: string } | null>(null);
  const [final, setFinal] = useState<Progress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setStep('upload'); setUploaded(null); setMapping({}); setPolicy('skip'); setValidated(null); setRun(null); setFinal(null); setError(null);
  };
  const check = async (p: DuplicatePolicy, next: Step) => {
    if (!uploaded) return;
    setBusy(true);
    setError(null);
    try {
      setValidated(await validate(uploaded.id, mapping, p));
      setStep(next);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const start = async () => {
    if (!uploaded) return;
    setBusy(true);
    setError(null);
    try {
      const started = await startRun(uploaded.id);
      setRun({ id: started.id, token: started.watchToken });
      setStep('run');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const finished = (p: Progress) => {
    setFinal(p);
    setStep('result');
    void queryClient.invalidateQueries({ queryKey: importKeys.all });
    if (p.status === 'completed' && p.counts.created + p.counts.updated > 0) onImported();
  };
  const close = () => {
    onClose();
    if (step !== 'run') reset(); // a running import keeps its drawer state until it ends
  };

  const index = STEPS.indexOf(step);
  const type = t(`imports.types.${recordType}`);
  return (
    <Drawer open={open} onClose={close} title={t('imports.wizardTitle', { type })} size={isMobile ? '100%' : 900} destroyOnHidden={false} data-testid="import-wizard">
      {isMobile ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
          {t('imports.stepOf', { n: index + 1, total: STEPS.length, name: t(`imports.steps.${step}`) })}
        </Typography.Text>
      ) : (
        <Steps size="small" current={index} style={{ marginBottom: 24 }} items={STEPS.map((s) => ({ title: t(`imports.steps.${s}`) }))} />
      )}
      {step === 'upload' && (
        <UploadStep recordType={recordType} onUploaded={(u) => { setUploaded(u); setMapping(u.mapping); setPolicy(u.duplicatePolicy); setStep('map'); }} />
      )}
      {step === 'map' && uploaded && (
        <MappingStep uploaded={uploaded} mapping={mapping} onChange={setMapping} busy={busy} error={error}
          onBack={reset} onNext={() => void check(policy, 'preview')} />
      )}
      {step === 'preview' && validated && (
        <PreviewStep validated={validated} policy={policy} busy={busy} error={error}
          onPolicy={(p) => { setPolicy(p); void check(p, 'preview'); }} onBack={() => { setError(null); setStep('map'); }} onStart={() => void start()} />
      )}
      {step === 'run' && run && uploaded && <RunStep id={run.id} token={run.token} total={uploaded.rowCount} onFinished={finished} />}
      {step === 'result' && run && final && (
        <ImportResult id={run.id} status={final.status} counts={final.counts} failure={final.failure}
          actions={(
            <>
              <Button onClick={reset} data-testid="import-again">{t('imports.result.again')}</Button>
              <Button type="primary" onClick={() => { reset(); onClose(); }} data-testid="import-done">{t('imports.result.view', { type })}</Button>
            </>
          )} />
      )}
    </Drawer>
  );
}
