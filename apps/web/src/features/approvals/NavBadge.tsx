/** The waiting count next to 审批 in the navigation (small: a query hook and a Badge, no page code). */
import { Badge } from 'antd';
import { useInboxCounts } from './counts.ts';

export function ApprovalNavBadge() {
  const counts = useInboxCounts();
  const n = counts.data?.waiting ?? 0;
  if (!n) return null;
  return <Badge count={n} size="small" style={{ marginInlineStart: 6 }} data-testid="nav-approvals-badge" />;
}
