/** Chinese strings of this feature (merged into the app's messages under the key 'leads'). */
const messages = {
  title: '线索', singular: '线索',
  status: { new: '新线索', contacting: '跟进中', qualified: '已确认', converted: '已转化', invalid: '无效' },
  actions: {
    contacting: '开始跟进', qualified: '确认有效', invalid: '标记无效', reopen: '恢复跟进', convert: '转化',
    statusChanged: '线索状态已更新', invalidTitle: '标记为无效线索', reason: '无效原因', reasonPlaceholder: '例如：空号、重复、没有需求',
    reasonRequired: '请填写无效原因',
  },
  bulk: { status: '修改状态', statusTitle: '批量修改状态', newStatus: '新状态', reason: '原因', reasonHint: '标记无效时必填' },
  converted: {
    info: '已于 {{at}} 转化', customer: '客户', contact: '联系人', openContact: '查看联系人',
  },
  invalidInfo: '无效原因：{{reason}}',
  convert: {
    title: '转化线索「{{name}}」', submit: '确认转化', done: '线索已转化为客户',
    customer: '客户', newCustomer: '新建客户', existingCustomer: '关联已有客户', pickCustomer: '选择客户',
    contact: '联系人', createContact: '同时创建联系人', moreFields: '显示全部字段', fewerFields: '只显示常用字段',
    duplicatesTitle: '可能已存在的记录', duplicatesHint: '如果客户已存在，可以直接关联，避免重复。', attach: '关联此客户',
    prefilledHint: '以下内容已按「线索转化映射」自动填写，可以修改。', history: '线索的动态和附件会一并带到新客户和联系人上。',
    problems: {
      customerRequired: '请选择要关联的客户', customerNameRequired: '请填写客户名称', contactNameRequired: '请填写联系人姓名',
    },
  },
  mapping: {
    title: '线索转化映射', description: '转化线索时，线索的字段按这里的设置填入新客户和联系人。未映射的字段不会带过去。',
    leadField: '线索字段', customerField: '客户字段', contactField: '联系人字段', notMapped: '不映射', saved: '映射已保存',
    reset: '撤销修改', adminOnly: '只有管理员可以修改映射。',
    problems: {
      unknownSource: '线索字段「{{lead}}」已不存在', unknownTarget: '目标字段「{{target}}」不存在或不能映射', duplicateTarget: '「{{target}}」被多个线索字段映射',
      kindMismatch: '「{{lead}}」的类型不能填入「{{target}}」', optionsMismatch: '「{{lead}}」有些选项在「{{target}}」中不存在，转化时会被忽略',
      nameUnmapped: '{{side}}名称没有映射：转化时需要手动填写',
    },
  },
};

export default messages;
