import type more from './more.zh-CN.ts';

/**
 * Shipped with the first download: what the shell, the home page and a record's tab label show. The
 * rest (more.zh-CN.ts) is added when an approval page, a record's approval parts or the designer load
 * (../messages.ts); the type covers both so every key is checked.
 */
const messages = {
  title: '审批',
  status: { none: '未提交', pending: '审批中', approved: '已通过', rejected: '已驳回', withdrawn: '已撤回', returned: '已退回', cancelled: '已取消' },
  pathTab: '审批',
  home: { title: '待我审批', empty: '没有等你审批的事项', all: '全部审批' },
};

export default messages as typeof messages & typeof more;
