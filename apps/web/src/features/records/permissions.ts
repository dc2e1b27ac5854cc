import type { Action, RecordType } from '@loopline/shared';
import { useMe } from '../auth/useMe.ts';

/**
 * What the signed-in user may do with a record type, for showing or hiding buttons. The server
 * checks again on every request; this only spares people buttons that would answer 403.
 */
export function useRecordPermissions(recordType: RecordType): (action: Action) => boolean {
  const { me, isAdmin } = useMe();
  return (action) => isAdmin || Boolean(me?.permissions.objects[recordType]?.includes(action));
}
