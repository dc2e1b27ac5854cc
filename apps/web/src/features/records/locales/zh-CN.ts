/** Chinese strings of the records feature (merged into the app's messages under the key 'records'). */
const messages = {
  searchPlaceholder: '搜索名称、编号、电话或邮箱', filter: '筛选', filterCount: '筛选（{{count}}）', columns: '列设置',
  export: '导出 Excel', exportStarted: '正在导出，文件将自动下载', exportTooLarge: '最多导出 {{max}} 条，请先缩小筛选范围',
  create: '新建{{type}}', pageSize: '{{size}} 条/页', loadAll: '全部加载（最多 {{max}} 条）', loadedOf: '已加载 {{loaded}} / {{total}} 条',
  loadingAll: '正在加载…', tooMany: '共 {{total}} 条，仅加载前 {{max}} 条', empty: '还没有数据', emptyFiltered: '没有符合条件的记录',
  clearFilter: '清除筛选', resetColumns: '恢复默认', columnsSaved: '列设置已保存',
  views: { label: '视图', all: '全部', mine: '我的视图', shared: '共享视图', save: '保存为视图', saveTitle: '保存当前视图', name: '视图名称',
    share: '共享给全员（仅管理员）', saved: '视图已保存', deleted: '视图已删除', deleteConfirm: '删除视图「{{name}}」？', update: '更新当前视图', updated: '视图已更新' },
  builder: {
    title: '筛选条件', and: '且', or: '或', matchAll: '满足全部', matchAny: '满足任一', addCondition: '添加条件', addGroup: '添加条件组',
    field: '字段', operator: '条件', value: '值', apply: '应用', clear: '清空', remove: '删除条件', removeGroup: '删除条件组',
    specificDate: '指定日期', nDays: '天数', from: '从', to: '到', raw: '高级条件（只读）', invalid: '筛选条件有误：{{message}}',
    me: '我',
  },
  ops: {
    eq: '等于', neq: '不等于', gt: '大于', gte: '大于等于', lt: '小于', lte: '小于等于', in: '属于', notIn: '不属于', contains: '包含',
    notContains: '不包含', startsWith: '开头是', isEmpty: '为空', isNotEmpty: '不为空', between: '介于',
  },
  dateOps: { eq: '在', neq: '不在', gt: '晚于', gte: '不早于', lt: '早于', lte: '不晚于' },
  relative: {
    today: '今天', yesterday: '昨天', tomorrow: '明天', thisWeek: '本周', lastWeek: '上周', nextWeek: '下周', thisMonth: '本月',
    lastMonth: '上月', nextMonth: '下月', thisQuarter: '本季度', lastQuarter: '上季度', nextQuarter: '下季度', thisYear: '今年',
    lastYear: '去年', nextYear: '明年', lastNDays: '最近 N 天', nextNDays: '未来 N 天',
  },
  bulk: {
    selected: '已选 {{count}} 条', transfer: '转移负责人', addTags: '添加标签', delete: '删除', clear: '取消选择',
    deleteConfirm: '删除选中的 {{count}} 条记录？', newOwner: '新负责人', tags: '标签', tagsHint: '输入后回车，可添加多个',
    done: '已处理 {{ok}} 条', partial: '已处理 {{ok}} 条，{{failed}} 条失败', failedTitle: '以下记录未处理',
  },
  detail: {
    details: '详细资料', timeline: '动态', files: '附件', owner: '负责人', number: '编号', transfer: '转移', share: '共享',
    deleteConfirm: '确定删除「{{name}}」？删除后可由管理员恢复。', deleted: '已删除', transferred: '负责人已变更', shared: '已共享',
    shareUser: '共享给', access: '权限', read: '只读', write: '可编辑', expiresAt: '到期时间', sharedWith: '已共享给', unshare: '取消共享',
    unshared: '已取消共享', noShares: '还没有共享给任何人', notFound: '记录不存在或你没有权限查看', back: '返回列表',
    transferReason: '转移原因', team: '团队成员',
  },
  timeline: {
    empty: '还没有动态', loadMore: '加载更多', system: '系统', apiKey: 'API', from: '来自{{type}}', reason: '原因',
    actions: { create: '创建了记录', update: '修改了记录', delete: '删除了记录', restore: '恢复了记录', ownerChange: '变更了负责人',
      share: '共享了记录', unshare: '取消了共享', export: '导出了数据', import: '导入了数据',
      status: '变更了状态', statusChange: '变更了状态', convert: '转化了线索', converted: '由线索转化而来', lock: '锁定了客户', unlock: '解锁了客户',
      merge: '合并了记录', merged: '被合并', claim: '从公海领取', return: '退回公海', claimFromPool: '从公海领取', assignFromPool: '从公海分配', returnToPool: '退回公海',
      assign: '分配了负责人', handover: '交接了工作', tag: '添加了标签', addTags: '添加了标签' },
  },
  files: { upload: '上传附件', uploaded: '已上传 {{name}}', empty: '还没有附件', size: '大小', uploadedAt: '上传时间', download: '下载', deleted: '附件已删除', deleteConfirm: '删除附件「{{name}}」？' },
  form: {
    createTitle: '新建{{type}}', editTitle: '编辑{{type}}', created: '已创建', saved: '已保存', nothingChanged: '没有需要保存的修改',
    province: '省份', city: '城市', district: '区县', detail: '详细地址', readOnly: '你的角色只能查看此字段',
    select: '请选择', uploadFile: '上传文件', searchRecord: '输入名称、编号或电话搜索', noMatch: '没有匹配的记录',
  },
  owner: { label: '负责人', me: '我', rules: '按分配规则', user: '指定同事' },
  duplicates: {
    title: '发现 {{count}} 条可能重复的记录', none: '没有重复记录', owner: '负责人', hiddenOwner: '（无权查看）', noOwner: '无（公海）',
    matchedOn: '重复项', similar: '名称相似 {{pct}}%', createAnyway: '仍然创建', saveAnyway: '仍然保存',
    cannotOverride: '同名记录已存在，不能重复创建。',
    on: { mobile: '手机号', email: '邮箱', phone: '电话', company: '公司名称', name: '名称', similarName: '名称相似' },
  },
  recycle: {
    title: '回收站', titleOf: '{{type}}回收站', hint: '已删除的记录保留在这里，可以恢复。', restore: '恢复', restoreSelected: '恢复选中的 {{count}} 条',
    restored: '已恢复「{{name}}」', empty: '回收站是空的', name: '名称', deletedAt: '删除时间', deletedBy: '删除人', deletedLine: '{{by}} 删除于 {{at}}',
  },
  rules: {
    required: '请填写{{field}}', minLength: '至少 {{limit}} 个字符', maxLength: '最多 {{limit}} 个字符', min: '不能小于 {{limit}}',
    max: '不能大于 {{limit}}', integer: '请输入整数', decimals: '最多两位小数', number: '请输入数字', pattern: '格式不正确',
    email: '请输入有效的邮箱地址', phone: '请输入有效的电话号码（座机请带区号）', mobile: '请输入 11 位手机号，或以 + 开头的国际号码', url: '请输入以 http:// 或 https:// 开头的网址',
  },
};

export default messages;
