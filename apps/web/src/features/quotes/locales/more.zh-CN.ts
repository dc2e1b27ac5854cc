/** The strings kept out of the first download; added by ../messages.ts when a module of this feature loads. */
const messages = {
  title: '报价',
  singular: '报价',
  status: { draft: '草稿', inApproval: '审批中', sent: '已发送', accepted: '已接受', rejected: '已拒绝', expired: '已过期' },
  approval: { none: '无需审批', pending: '折扣审批中', approved: '折扣已批准', rejected: '折扣被驳回', withdrawn: '折扣审批已撤回' },
  overLimit: '超出折扣权限',
  needsApproval: '本报价最大折扣 {{pct}}% 超出您的折扣权限 {{limit}}%，请先提交折扣审批，批准后才能发送。',
  approvalRefused: '折扣审批被驳回：请调整明细后重新提交。',
  linesTab: '报价明细',
  editLines: '编辑明细',
  saveLines: '保存明细',
  cancelEdit: '取消',
  linesSaved: '明细已保存',
  linesLocked: '只有草稿状态的报价可以修改明细',
  noLines: '还没有明细，点击“编辑明细”添加产品',
  actions: {
    send: '标记为已发送', email: '邮件发送', accept: '客户接受', reject: '客户拒绝', pdf: '下载 PDF', preview: '预览',
  },
  sendConfirm: '确认报价已发给客户？发送后不能再修改明细。',
  sent: '报价已标记为已发送',
  emailDialog: {
    title: '邮件发送报价单', to: '收件人邮箱', subject: '主题', message: '正文', send: '发送',
    attachment: '附件：{{file}}', sent: '报价单已发送至 {{to}}', kept: '邮件已保存到发件箱（未配置 SMTP）', failed: '邮件发送失败：{{error}}',
  },
  acceptDialog: { title: '客户接受报价', createContract: '同时生成合同草稿', ok: '确认接受', done: '报价已接受', contract: '已生成合同', openContract: '查看合同' },
  rejectDialog: { title: '客户拒绝报价', reason: '拒绝原因', ok: '确认', done: '报价已标记为拒绝' },
  totals: { gross: '原价合计', discount: '折扣', tax: '税额', total: '报价总额', upper: '大写' },
  validUntil: '有效期至 {{date}}',
  newQuote: '新建报价',
  newFromOpportunity: '从商机生成报价',
  created: '报价已生成',
  related: { empty: '暂无报价', count: '共 {{count}} 份报价，合计 {{total}}' },
  discountLimits: {
    title: '折扣权限',
    hint: '每个角色不需审批即可给出的最大折扣（相对目录价的百分比）。留空表示不限制；一个用户有多个角色时按最宽松的计算。超出权限的报价需要通过“报价折扣审批”后才能发送。',
    role: '角色', limit: '最大折扣 (%)', unlimited: '不限制', save: '保存', saved: '折扣权限已保存',
  },
};

export default messages;
