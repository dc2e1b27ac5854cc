import type { ComponentType } from 'react';
import {
  ApiOutlined, AuditOutlined, BellOutlined, BranchesOutlined, CheckSquareOutlined, EditOutlined, FileAddOutlined, ForkOutlined, HourglassOutlined,
  MailOutlined, MergeCellsOutlined, PhoneOutlined, QuestionOutlined, RollbackOutlined, StopOutlined, ThunderboltOutlined, UserSwitchOutlined,
} from '@ant-design/icons';

/** Icon and accent colour per node type, shared by the palette and the canvas. */
export const NODE_META: Record<string, { icon: ComponentType<{ style?: React.CSSProperties }>; color: string }> = {
  trigger: { icon: ThunderboltOutlined, color: '#722ed1' },
  condition: { icon: BranchesOutlined, color: '#fa8c16' },
  createTask: { icon: CheckSquareOutlined, color: '#1677ff' },
  followupReminder: { icon: PhoneOutlined, color: '#1677ff' },
  assignOwner: { icon: UserSwitchOutlined, color: '#13c2c2' },
  returnToPool: { icon: RollbackOutlined, color: '#13c2c2' },
  updateFields: { icon: EditOutlined, color: '#13c2c2' },
  createRecord: { icon: FileAddOutlined, color: '#13c2c2' },
  notify: { icon: BellOutlined, color: '#2f54eb' },
  sendEmail: { icon: MailOutlined, color: '#2f54eb' },
  webhook: { icon: ApiOutlined, color: '#2f54eb' },
  delay: { icon: HourglassOutlined, color: '#faad14' },
  parallel: { icon: ForkOutlined, color: '#8c8c8c' },
  join: { icon: MergeCellsOutlined, color: '#8c8c8c' },
  end: { icon: StopOutlined, color: '#595959' },
  approval: { icon: AuditOutlined, color: '#eb2f96' },
};

export const metaOf = (type: string) => NODE_META[type] ?? { icon: QuestionOutlined, color: '#bfbfbf' };
