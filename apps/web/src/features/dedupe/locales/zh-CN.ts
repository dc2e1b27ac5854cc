/** Chinese strings of this feature (merged into the app's messages under the key 'dedupe'). */
const messages = {
  title: '查重',
  hint: '输入姓名、公司、手机或邮箱，查看系统里是否已有相同或相似的线索、客户和联系人，以及它们的负责人。无权查看的记录只显示名称和负责人。',
  name: '姓名', company: '公司名称', mobile: '手机', email: '邮箱',
  namePlaceholder: '如 张三', companyPlaceholder: '如 杭州云栖网络科技有限公司', mobilePlaceholder: '如 138 0013 8000', emailPlaceholder: '如 zhang@example.com',
  search: '查重', clear: '清空', searchIn: '查找范围',
  needValue: '请至少填写一项',
  noneFound: '没有发现重复或相似的记录',
  found: '共发现 {{count}} 条可能重复的记录',
  groupEmpty: '无',
  merge: {
    button: '合并', title: '合并两条{{type}}', keep: '保留哪一条', keepHint: '另一条合并后进入回收站，它的历史、附件和关联记录都转到保留的这一条。',
    survivor: '保留', merged: '被合并', fields: '逐项选择要保留的值', showSame: '显示相同的字段', noDiff: '两条记录的可见字段完全相同',
    readonly: '你无权修改此字段，保留原值', tags: '标签（合并后取两者并集）', moves: '将转到保留记录：', confirm: '确认合并',
    done: '已合并，保留「{{name}}」', needTwo: '请选择两条记录',
    related: { contacts: '联系人 {{count}}', leads: '线索 {{count}}', files: '附件 {{count}}', shares: '共享 {{count}}', history: '历史记录 {{count}} 条' },
  },
};

export default messages;
