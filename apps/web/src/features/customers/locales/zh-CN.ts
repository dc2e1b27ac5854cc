/** Chinese strings of the customers feature (merged into the app's messages under the key 'customers'). */
const messages = {
  title: '客户', singular: '客户',
  grade: { A: '重点', B: '普通', C: '非优先' },
  locked: '已锁定',
  lock: '锁定', unlock: '解锁', lockedDone: '客户已锁定，不会被收回公海', unlocked: '客户已解锁',
  tabs: { contacts: '联系人', sourceLeads: '来源线索', team: '团队成员' },
  summary: {
    contacts: '联系人', openLeads: '未转化线索', lastFollowup: '最近跟进', fromLeads: '来源线索', noLeads: '不是由线索转化而来',
    dealToCash: '成交与回款', openOpportunities: '进行中商机', openOpportunityAmount: '商机金额', wonAmount: '赢单金额', quotes: '报价单',
    contracts: '合同', contractAmount: '合同金额', received: '已回款', outstanding: '未回款', invoiced: '已开票',
  },
  handover: {
    title: '工作交接', description: '同事离职或调岗时，把他负责的未转化线索、客户和联系人一次性转给另一位同事；原因会记录在每条记录的动态里。',
    from: '交出人', to: '接收人', what: '交接内容', pickTypes: '至少选择一类记录', reason: '交接原因', reasonPlaceholder: '例如：离职、调岗、区域调整',
    preview: '预览并交接', run: '确认交接', confirmTitle: '将 {{from}} 的记录交接给 {{to}}', unknownCount: '（你无权查看数量）',
    leadNote: '只交接未转化的线索（新线索、跟进中、已确认）；已转化和无效的线索保持不变。',
    done: '已把 {{from}} 的记录交接给 {{to}}：{{summary}}', sameUser: '接收人不能是交出人', notAllowed: '你的角色没有转移记录的权限。',
    status: { active: '在职', inactive: '已停用', invited: '已邀请' },
  },
};

export default messages;
